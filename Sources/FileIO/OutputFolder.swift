import Crypto
import Foundation
import Glibc
import QuizModel

/// One file a command writes: its name in the folder and how to write its bytes.
public struct OutputFile {
    /// The file's name inside the folder (no `/`).
    public var name: String
    /// Writes the whole file at the path it is given (a fresh path in a staging folder).
    public var write: (String) throws -> Void

    /// A file whose bytes are at hand.
    public static func data(_ name: String, _ bytes: Data) -> OutputFile {
        OutputFile(name: name) { path in try OutputFolder.writeWhole(bytes, to: path) }
    }

    /// A file written by `write` (given its path), for outputs too large to hold in memory.
    public static func streamed(_ name: String, _ write: @escaping (String) throws -> Void) -> OutputFile {
        OutputFile(name: name, write: write)
    }

    public init(name: String, write: @escaping (String) throws -> Void) {
        self.name = name
        self.write = write
    }
}

/// Why a folder's outputs were not written. Nothing in the folder changed.
public enum OutputFolderError: Error, Equatable, Sendable {
    /// Names the command must write are taken by files (or folders) kaoxue did not write, or that were changed
    /// since kaoxue wrote them. An input problem: the user chooses another folder, or `--force`.
    case foreign(folder: String, names: [String])
    /// The output path exists and is not a folder.
    case notAFolder(String)
    /// Another kaoxue command is writing into the folder right now.
    case busy(String)
    /// A system call failed on `path`.
    case system(path: String, SystemError)
    /// Writing a file's content failed.
    case content(path: String, reason: String)

    /// Whether this is a problem with what the user asked for (exit 1) rather than with the machine (exit 2).
    public var isInputProblem: Bool {
        if case .foreign = self { return true }
        return false
    }

    /// The message for a person, in `language`.
    public func message(_ language: DisplayLanguage) -> String {
        switch self {
        case .foreign(let folder, let names):
            let paths = names.map { (folder as NSString).appendingPathComponent($0) }
            let list = paths.map { "“\($0)”" }.joined(separator: language.pick("、", ", "))
            return language.pick(
                "\(list) 不是 kaoxue 写出的（或写出后被修改过），未写入任何文件；请换一个输出文件夹，或加 --force 覆盖这些文件",
                "\(paths.joined(separator: ", ")) not written by kaoxue (or changed since): nothing written; choose another output folder or add --force to overwrite them")
        case .notAFolder(let path):
            return language.pick("“\(path)”不是文件夹", "\(path) is not a folder")
        case .busy(let path):
            return language.pick("另一个 kaoxue 命令正在写入“\(path)”，请稍后再试", "another kaoxue command is writing into \(path); try again later")
        case .system(let path, let error):
            return language.pick("无法写入“\(path)”：\(error.words(language))", "cannot write \(path): \(error.words(language))")
        case .content(let path, let reason):
            return language.pick("无法写入“\(path)”：\(reason)", "cannot write \(path): \(reason)")
        }
    }
}

/// A folder that kaoxue shares with the user's own files, into which a command writes a set of outputs.
///
/// The folder owns only what kaoxue wrote. A manifest (`.kaoxue-outputs.json`) records each set of outputs
/// (one per command, or per single output file) with every file's size and SHA-256. Writing a set:
/// - refuses, before anything is written, a name taken by a file kaoxue did not write or that was changed
///   since (unless `force`), and a name taken by a folder (always);
/// - writes every file into a hidden staging folder inside the folder, fsyncs each, then commits by writing the
///   manifest with the renames to come; renames each file over its name; removes the set's earlier files that
///   the new set no longer has (only while they are byte-identical to what kaoxue wrote); records the new set.
///
/// A crash before the commit leaves the old set as it was (the staging folder is removed by the next write);
/// a crash after it is finished by the next write into the folder (every staged file is complete on disk by
/// then). Files the manifest does not name are never touched.
public struct OutputFolder {
    /// The manifest's name inside the folder.
    public static let manifestName = ".kaoxue-outputs.json"
    static let stagingPrefix = ".kaoxue-staging-"

    /// The folder's path as given.
    public let path: String

    public init(_ path: String) {
        self.path = path
    }

    /// Writes `files` as the set `set` (for example `"paper generate"`), replacing the set's earlier files.
    /// With `force`, names taken by files kaoxue did not write are overwritten (the files are replaced; other
    /// foreign files are still never touched, and folders never are).
    public func write(set: String, files: [OutputFile], force: Bool = false) throws(OutputFolderError) {
        let created = try createFolder()
        do {
            try commit(set: set, files: files, force: force)
        } catch {
            for folder in created.reversed() { rmdir(folder) }  // only the folders this call made, while empty
            throw error
        }
    }

    /// Whether `names` could be written as `set` now: throws `.foreign` for names taken by files kaoxue did not
    /// write (unless `force`) and `.notAFolder` when the path is a file. Writes nothing; for commands that must
    /// know before long work (a live contest) that their outputs can be written at the end.
    public func check(set: String, names: [String], force: Bool = false) throws(OutputFolderError) {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return }
            throw .system(path: path, .last)
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw .notAFolder(path) }
        let manifest = (try? readManifest()) ?? Manifest()
        let foreign = names.filter { !mayReplace($0, manifest: manifest, force: force) }
        if !foreign.isEmpty { throw .foreign(folder: path, names: foreign) }
    }

    /// Writes one file at `path` (its folder is an output folder; the file is a set of its own).
    public static func writeFile(_ path: String, _ bytes: Data, force: Bool = false) throws(OutputFolderError) {
        try refuseFolder(path)
        let (folder, name) = split(path)
        try OutputFolder(folder).write(set: "file " + name, files: [.data(name, bytes)], force: force)
    }

    /// Checks that one file could be written at `path` now (see `check`).
    public static func checkFile(_ path: String, force: Bool = false) throws(OutputFolderError) {
        try refuseFolder(path)
        let (folder, name) = split(path)
        try OutputFolder(folder).check(set: "file " + name, names: [name], force: force)
    }

    /// A file's path that names a folder is a mistake to say as such (not as a foreign file).
    static func refuseFolder(_ path: String) throws(OutputFolderError) {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { throw .system(path: path, .code(EISDIR)) }
    }

    /// The folder and the file name of `path`.
    public static func split(_ path: String) -> (folder: String, name: String) {
        let folder = FilePaths.parent(of: path)
        return (folder.isEmpty ? "." : folder, (path as NSString).lastPathComponent)
    }

    // MARK: - The commit

    func commit(set: String, files: [OutputFile], force: Bool) throws(OutputFolderError) {
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw .system(path: path, .last) }
        defer { close(folder) }
        // One writer at a time: the lock goes with the descriptor, also when the process is killed.
        guard flock(folder, LOCK_EX | LOCK_NB) == 0 else {
            if errno == EWOULDBLOCK { throw .busy(path) }
            throw .system(path: path, .last)
        }
        var manifest = try recover(folder: folder)

        let names = files.map(\.name)
        precondition(Swift.Set(names).count == names.count && names.allSatisfy { !$0.contains("/") && !$0.isEmpty && $0 != Self.manifestName })
        let foreign = names.filter { !mayReplace($0, manifest: manifest, force: force) }
        if !foreign.isEmpty { throw .foreign(folder: path, names: foreign) }

        // Stage every file, complete and on disk, before anything visible changes.
        let staging = Self.stagingPrefix + UUID().uuidString.prefix(8).lowercased()
        let stagingPath = child(staging)
        guard mkdir(stagingPath, 0o755) == 0 else { throw .system(path: stagingPath, .last) }
        let entries: [String: Manifest.Entry]
        do {
            entries = try stage(files, in: stagingPath)
        } catch {
            try? FileManager.default.removeItem(atPath: stagingPath)
            throw error
        }
        Self.crashPoint("staged")

        // The set's earlier files it no longer has go, while they are as kaoxue wrote them.
        let earlier = manifest.sets[set] ?? [:]
        let stale = earlier.filter { entries[$0.key] == nil }
        var next = manifest.sets
        for (other, owned) in next where other != set {
            next[other] = owned.filter { entries[$0.key] == nil }  // a name now written by this set is its own
            if next[other]!.isEmpty { next[other] = nil }
        }
        next[set] = entries
        manifest.pending = Manifest.Pending(staging: staging, files: names, remove: stale, sets: next)
        try writeManifest(manifest, through: stagingPath)
        Self.crashPoint("committed")
        try finish(&manifest, folder: folder)
    }

    /// Writes every file into the staging folder and syncs it; returns what each file holds.
    func stage(_ files: [OutputFile], in stagingPath: String) throws(OutputFolderError) -> [String: Manifest.Entry] {
        var entries: [String: Manifest.Entry] = [:]
        for file in files {
            let staged = (stagingPath as NSString).appendingPathComponent(file.name)
            do {
                try file.write(staged)
            } catch let error as OutputFolderError {
                throw error
            } catch {
                throw .content(path: child(file.name), reason: "\(error)")
            }
            entries[file.name] = try Self.entry(ofFileAt: staged, sync: true)
        }
        try Self.sync(path: stagingPath)
        return entries
    }

    /// Carries out a committed write: renames the staged files, removes the stale ones, records the sets.
    func finish(_ manifest: inout Manifest, folder: Int32) throws(OutputFolderError) {
        guard let pending = manifest.pending else { return }
        let stagingPath = child(pending.staging)
        for (index, name) in pending.files.enumerated() {
            let staged = (stagingPath as NSString).appendingPathComponent(name)
            if access(staged, F_OK) == 0 {
                guard rename(staged, child(name)) == 0 else { throw .system(path: child(name), .last) }
            }
            if index == 0 { Self.crashPoint("renaming") }
        }
        for (name, entry) in pending.remove.sorted(by: { $0.key < $1.key }) where Self.holds(entry, path: child(name)) {
            unlink(child(name))
        }
        guard fsync(folder) == 0 else { throw .system(path: path, .last) }
        manifest.sets = pending.sets
        manifest.pending = nil
        try writeManifest(manifest, through: stagingPath)
        try? FileManager.default.removeItem(atPath: stagingPath)
    }

    /// Finishes a write a crash interrupted after its commit, and removes staging folders of writes that
    /// crashed before theirs. Returns the manifest as it now stands.
    func recover(folder: Int32) throws(OutputFolderError) -> Manifest {
        var manifest = try readManifest()
        if manifest.pending != nil {
            let stagingPath = child(manifest.pending!.staging)
            if access(stagingPath, F_OK) != 0 { mkdir(stagingPath, 0o755) }
            try finish(&manifest, folder: folder)
        }
        if let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for name in names where name.hasPrefix(Self.stagingPrefix) { try? FileManager.default.removeItem(atPath: child(name)) }
        }
        return manifest
    }

    /// Whether the file called `name` may be replaced: absent, written by kaoxue and unchanged since, or
    /// foreign but `force`d. A folder of that name never may.
    func mayReplace(_ name: String, manifest: Manifest, force: Bool) -> Bool {
        var status = stat()
        guard lstat(child(name), &status) == 0 else { return errno == ENOENT }
        if status.st_mode & S_IFMT == S_IFDIR { return false }
        if force { return true }
        guard status.st_mode & S_IFMT == S_IFREG else { return false }
        // What a committed but unfinished write recorded is kaoxue's too (the next write finishes it).
        let recorded = manifest.sets.values.compactMap { $0[name] } + (manifest.pending?.sets.values.compactMap { $0[name] } ?? [])
        return recorded.contains { Self.holds($0, path: child(name)) }
    }

    // MARK: - Creating the folder

    /// Creates the folder and any missing parents; returns the folders it made, outermost first.
    func createFolder() throws(OutputFolderError) -> [String] {
        var missing: [String] = []
        var current = path
        while true {
            var status = stat()
            if stat(current, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else { throw .notAFolder(current) }
                break
            }
            guard errno == ENOENT else { throw .system(path: current, .last) }
            missing.append(current)
            let parent = FilePaths.parent(of: current)
            if parent.isEmpty || parent == current { break }
            current = parent
        }
        var created: [String] = []
        for folder in missing.reversed() {
            guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
                let error = SystemError.last
                for made in created.reversed() { rmdir(made) }
                throw .system(path: folder, error)
            }
            created.append(folder)
        }
        return created
    }

    // MARK: - The manifest

    struct Manifest: Codable, Equatable {
        struct Entry: Codable, Equatable {
            var size: Int
            var sha256: String
            /// The file's inode and modification time (ns) as written: while both still match, the file is as
            /// kaoxue wrote it without reading it again (a copied folder falls back to the hash).
            var inode: UInt64? = nil
            var modified: Int64? = nil

            /// Whether the two name the same content (the stat fields are only a shortcut).
            func sameContent(as other: Entry) -> Bool { size == other.size && sha256 == other.sha256 }
        }

        /// A committed write not yet carried out.
        struct Pending: Codable, Equatable {
            /// The staging folder's name.
            var staging: String
            /// The files to rename from the staging folder, in order.
            var files: [String]
            /// Earlier files of the set to remove, with what they held when kaoxue wrote them.
            var remove: [String: Entry]
            /// The sets once the write is done.
            var sets: [String: [String: Entry]]
        }

        var format = 1
        /// Each set of outputs: file name → what kaoxue wrote there.
        var sets: [String: [String: Entry]] = [:]
        var pending: Pending?
    }

    func readManifest() throws(OutputFolderError) -> Manifest {
        let manifestPath = child(Self.manifestName)
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            if access(manifestPath, F_OK) == 0 { throw .system(path: manifestPath, .code(EACCES)) }
            return Manifest()
        }
        // A manifest that does not decode names nothing: every file then counts as foreign, which is safe.
        return (try? JSONDecoder().decode(Manifest.self, from: data)) ?? Manifest()
    }

    /// Writes the manifest atomically: into the staging folder, synced, renamed over the old one.
    func writeManifest(_ manifest: Manifest, through stagingPath: String) throws(OutputFolderError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(manifest)) ?? Data()
        let staged = (stagingPath as NSString).appendingPathComponent(Self.manifestName)
        try Self.writeWhole(data + Data("\n".utf8), to: staged)
        guard rename(staged, child(Self.manifestName)) == 0 else { throw .system(path: child(Self.manifestName), .last) }
        try Self.sync(path: path)
    }

    func child(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    // MARK: - Files on disk

    /// Writes `bytes` as a new file at `path` and syncs it.
    public static func writeWhole(_ bytes: Data, to path: String) throws(OutputFolderError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system(path: path, .last) }
        defer { close(descriptor) }
        let failure: SystemError? = bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written < 0 { return .last }
                offset += written
            }
            return fsync(descriptor) == 0 ? nil : .last
        }
        if let failure { throw .system(path: path, failure) }
    }

    /// The size and SHA-256 of the file at `path`; with `sync`, the file is flushed to disk first.
    static func entry(ofFileAt path: String, sync: Bool) throws(OutputFolderError) -> Manifest.Entry {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path: path, .last) }
        defer { close(descriptor) }
        if sync, fsync(descriptor) != 0 { throw .system(path: path, .last) }
        var hasher = SHA256()
        var size = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .system(path: path, .last) }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            size += count
        }
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        return Manifest.Entry(
            size: size, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(), inode: known ? UInt64(status.st_ino) : nil,
            modified: known ? Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec) : nil)
    }

    /// Whether the file at `path` still holds what `entry` recorded: by its inode, time and size when they match
    /// (no reading), else by its SHA-256.
    static func holds(_ entry: Manifest.Entry, path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == entry.size else { return false }
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        if let inode = entry.inode, inode == UInt64(status.st_ino), entry.modified == modified { return true }
        guard let actual = try? Self.entry(ofFileAt: path, sync: false) else { return false }
        return actual.sameContent(as: entry)
    }

    /// fsync of a folder, so that the names in it are on disk.
    static func sync(path: String) throws(OutputFolderError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path: path, .last) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .system(path: path, .last) }
    }

    /// Test hook: `KAOXUE_TEST_CRASH=<point>` kills the process (SIGKILL, as a crash or power cut would) at that
    /// point of a write: `staged` (all files staged, nothing committed), `committed` (the manifest names the
    /// write, nothing renamed yet), `renaming` (after the first rename).
    static func crashPoint(_ point: String) {
        if ProcessInfo.processInfo.environment["KAOXUE_TEST_CRASH"] == point { kill(getpid(), SIGKILL) }
    }
}
