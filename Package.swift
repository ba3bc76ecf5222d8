// swift-tools-version: 6.1
// kaoxue (考学): question banks, papers, practice, scoring and study records for "以考促学".
// Licence: GPL-3.0-or-later (the executable links GNU readline).

import PackageDescription

let package = Package(
    name: "kaoxue",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kaoxue", targets: ["kaoxue"]),
        .library(name: "QuizModel", targets: ["QuizModel"]),
        .library(name: "BankFormats", targets: ["BankFormats"]),
        .library(name: "TextMatching", targets: ["TextMatching"]),
        .library(name: "SyntheticBanks", targets: ["SyntheticBanks"]),
        .library(name: "PaperAssembly", targets: ["PaperAssembly"]),
        .library(name: "PaperRendering", targets: ["PaperRendering"]),
        .library(name: "StudySession", targets: ["StudySession"]),
        .library(name: "StudyRecords", targets: ["StudyRecords"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "StudyLedger", targets: ["StudyLedger"]),
        .library(name: "Spreadsheets", targets: ["Spreadsheets"]),
        .library(name: "QuizGames", targets: ["QuizGames"]),
        .library(name: "BankInterchange", targets: ["BankInterchange"]),
    ],
    dependencies: [
        // Subcommands, options, --help and usage errors for the `kaoxue` command line.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Terminal colours for diagnostics (switched on only for a TTY).
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
        // Blueprints (组卷细目表) are YAML files; Yams keeps every value's line and column for diagnostics.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // SHA-256 of bank and blueprint for paper manifests (auditable, re-derivable papers); HMAC-SHA256 signing
        // of exam results.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        // The study store (history, review states, wrong-answer book): SQLite with migrations, WAL, typed records.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // .docx papers are ZIP containers of WordprocessingML.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // Property-based tests (generated banks survive write -> parse) with shrinking.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // MARK: - Domain values

        // Question, AnswerKey, Bank, SourceLocation, Diagnostic: Sendable, Codable values. No dependencies.
        .target(name: "QuizModel"),

        // MARK: - Files

        // The user's files kept safe: output folders that own only what kaoxue wrote (a manifest of hashes, staged
        // and fsynced writes committed by rename), system errors in the user's language. SHA-256 from swift-crypto.
        .target(name: "FileIO", dependencies: ["QuizModel", .product(name: "Crypto", package: "swift-crypto")]),

        // MARK: - Text

        // Width, space and punctuation folding; Traditional <-> Simplified through OpenCC.
        .target(name: "TextMatching", dependencies: ["COpenCC"]),
        // OpenCC's C API (Debian: libopencc-dev), linked through the module map.
        .systemLibrary(name: "COpenCC", path: "Sources/COpenCC"),

        // MARK: - Bank files

        // Reading and writing question banks: the native text template, encoding detection, diagnostics.
        .target(name: "BankFormats", dependencies: ["QuizModel", "TextMatching", "FileIO"]),
        // Banks in other tools' formats: GIFT, Aiken, Moodle XML, IMS QTI 2.1, Excel/CSV tables, Word documents and the
        // canonical JSON; what a format cannot carry is reported per kind.
        .target(
            name: "BankInterchange",
            dependencies: ["QuizModel", "BankFormats", "TextMatching", "Spreadsheets", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Deterministic generator of synthetic banks for benchmarks and property tests.
        .target(name: "SyntheticBanks", dependencies: ["QuizModel"]),

        // MARK: - Papers

        // Blueprint -> papers: an exact integer program over cell counts (min-cost flow cuts to explain refusals),
        // seeded randomness, parallel versions, shuffling; blueprints read with the shared rules-file reader.
        .target(
            name: "PaperAssembly",
            dependencies: [
                "QuizModel", "BankFormats", "TextMatching", "RulesFiles", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Papers as Markdown, print-ready HTML and .docx; answer keys; key.csv and answer-sheet templates.
        .target(
            name: "PaperRendering",
            dependencies: [
                "QuizModel", "BankFormats", "PaperAssembly", "Spreadsheets",
            ]
        ),

        // MARK: - Study

        // YAML rules files (ledger, contest and game rules): the node tree with lines and columns, checked values,
        // every problem located and worded in both languages.
        .target(name: "RulesFiles", dependencies: ["QuizModel", .product(name: "Yams", package: "Yams")]),

        // Practice and exam sessions, the FSRS-6 scheduler, answer parsing, review logs. Talks to a line reader
        // protocol only: no terminal, no readline.
        .target(name: "StudySession", dependencies: ["QuizModel", "BankFormats", "TextMatching", "PaperAssembly", "FileIO"]),

        // Office Open XML: the ZIP packaging of .docx and .xlsx; Excel workbooks: the first sheet of an .xlsx read as a
        // table (as CSV files are), plain tables written as .xlsx.
        // zlib's raw deflate and CRC-32 (Debian: zlib1g-dev) for the one-pass ZIP writer: ZIPFoundation's deflate
        // goes through 64 KB closures and a CRC-32 in Swift, too slow for a 100,000-row workbook.
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate"),
        .target(
            name: "Spreadsheets",
            dependencies: ["QuizModel", "BankFormats", "CDeflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),

        // The credit-hour (学时) and points (积分) ledger's domain: rules (YAML, with the 条例's presets built in),
        // activity, people and points tables, credits, requirements and reports. No storage here.
        .target(
            name: "StudyLedger", dependencies: ["QuizModel", "BankFormats", "RulesFiles", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("preset-rules.yaml")]
        ),

        // Knowledge contests (知识竞赛: 必答, 抢答, 风险 rounds, sudden death) as a state machine over an append-only
        // event log, and the solo game modes (challenge, daily quiz) with their rules presets. No terminal here.
        .target(
            name: "QuizGames", dependencies: ["QuizModel", "BankFormats", "PaperAssembly", "RulesFiles", .product(name: "Yams", package: "Yams")],
            resources: [.embedInCode("preset-contest.yaml"), .embedInCode("preset-games.yaml")]
        ),

        // The study store: SQLite through GRDB, migrations from the first version on; signed exam results; the
        // ledger's tables behind the `LedgerStore` interface.
        .target(
            name: "StudyRecords",
            dependencies: [
                "QuizModel", "StudySession", "StudyLedger", "BankFormats", "FileIO", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API for binding bulk imports' values without boxing them.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // MARK: - Scoring

        // Batch scoring of answer sheets against key.csv, item analysis (Moodle's quiz statistics, classical P/D),
        // reports. Streaming over memory-mapped sheets, both cores.
        .target(name: "Scoring", dependencies: ["CScoring", "QuizModel", "BankFormats", "PaperAssembly", "StudySession", "Spreadsheets", "FileIO", "TextMatching"]),
        // C for Scoring where Swift has no spelling: a cache prefetch hint, the AVX-512 row splitter.
        .target(name: "CScoring"),

        // MARK: - Terminal

        // Display width (wcwidth), TTY and colour detection. No readline here.
        .target(name: "TerminalIO", dependencies: ["CTerminal", "QuizModel", .product(name: "Rainbow", package: "Rainbow")]),
        // static inline C helpers (wcwidth) for TerminalIO.
        .target(name: "CTerminal"),

        // GNU readline's C API; `link "readline"` in the module map (pkg-config would make SwiftPM warn on every build).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // The only Swift code that links GNU readline (GPL-3.0-or-later).
        .target(name: "ReadlineLineEditor", dependencies: ["CReadline", "TerminalIO"]),

        // MARK: - Command line

        // ArgumentParser commands, one file per subcommand; wiring and presentation only.
        .target(
            name: "KaoxueCommands",
            dependencies: [
                "QuizModel", "BankFormats", "TextMatching", "TerminalIO", "PaperAssembly", "PaperRendering", "StudySession", "StudyRecords", "ReadlineLineEditor", "Scoring", "StudyLedger", "Spreadsheets", "QuizGames", "RulesFiles", "BankInterchange", "FileIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The executable: a few lines calling KaoxueCommands.
        .executableTarget(name: "kaoxue", dependencies: ["KaoxueCommands"]),

        // MARK: - Tests

        .testTarget(name: "QuizModelTests", dependencies: ["QuizModel"]),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO", "QuizModel"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "PaperAssembly", "QuizModel"]),
        .testTarget(name: "TextMatchingTests", dependencies: ["TextMatching"]),
        .testTarget(name: "StudySessionTests", dependencies: ["StudySession", "BankFormats", "QuizModel", "PaperAssembly"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StudyLedgerTests", dependencies: ["StudyLedger", "BankFormats", "QuizModel"]),
        .testTarget(name: "QuizGamesTests", dependencies: ["QuizGames", "StudySession", "BankFormats", "QuizModel", "RulesFiles"]),
        .testTarget(
            name: "SpreadsheetsTests",
            dependencies: ["Spreadsheets", "BankFormats", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "TerminalIOTests", dependencies: ["TerminalIO"]),
        .testTarget(
            name: "StudyRecordsTests",
            dependencies: ["StudyRecords", "StudySession", "QuizModel", "StudyLedger", "BankFormats", .product(name: "Crypto", package: "swift-crypto"),
                // A store written by an earlier schema, for the migration tests.
                .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PaperAssemblyTests",
            dependencies: ["PaperAssembly", "PaperRendering", "BankFormats", "QuizModel", "SyntheticBanks", "RulesFiles"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BankFormatsTests",
            dependencies: [
                "BankFormats", "QuizModel", "SyntheticBanks", "TextMatching",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BankInterchangeTests",
            dependencies: ["BankInterchange", "BankFormats", "QuizModel", "Spreadsheets", "SyntheticBanks", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Fixtures")]
        ),
        // Runs the built `kaoxue` binary the way a user does: arguments, files, exit codes, output.
        .testTarget(name: "KaoxueEndToEndTests", dependencies: ["kaoxue"], resources: [.copy("Fixtures")]),
    ]
)
