import FileIO
import Foundation
import QuizModel
import Testing

/// A scratch folder holding files kaoxue did not write: a text file, a CSV of answer sheets and a sub-folder.
private func folderOfForeignFiles() throws -> (path: String, foreign: [String: Data]) {
    let path = NSTemporaryDirectory() + "kaoxue-output-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path + "/sub", withIntermediateDirectories: true)
    let foreign: [String: Data] = [
        "notes.txt": Data("我的笔记\n".utf8), "sheets.csv": Data("id,name,1\nC1,张三,A\n".utf8), "sub/keep.md": Data("# keep\n".utf8),
    ]
    for (name, data) in foreign { try data.write(to: URL(fileURLWithPath: path + "/" + name)) }
    return (path, foreign)
}

private func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

private func names(in path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
}

@Suite struct OutputFolderTests {
    @Test func writesBesideForeignFilesAndRemovesOnlyItsOwnStaleFiles() throws {
        let (path, foreign) = try folderOfForeignFiles()
        let folder = OutputFolder(path)
        try folder.write(set: "score", files: [.data("a.csv", Data("1".utf8)), .data("b.csv", Data("2".utf8))])
        #expect(contents(path + "/a.csv") == Data("1".utf8))
        try folder.write(set: "score", files: [.data("a.csv", Data("3".utf8))])
        #expect(contents(path + "/a.csv") == Data("3".utf8))
        #expect(contents(path + "/b.csv") == nil, "b.csv was kaoxue's and is no longer in the set")
        for (name, data) in foreign { #expect(contents(path + "/" + name) == data) }
        #expect(try names(in: path) == [".kaoxue-outputs.json", "a.csv", "notes.txt", "sheets.csv", "sub"])
    }

    @Test func refusesANameTakenByAForeignFileBeforeWritingAnything() throws {
        let (path, foreign) = try folderOfForeignFiles()
        let before = try names(in: path)
        #expect(throws: OutputFolderError.foreign(folder: path, names: ["sheets.csv"])) {
            try OutputFolder(path).write(set: "score", files: [.data("new.csv", Data("n".utf8)), .data("sheets.csv", Data("x".utf8))])
        }
        #expect(try names(in: path) == before, "nothing written, not even the manifest")
        for (name, data) in foreign { #expect(contents(path + "/" + name) == data) }
    }

    @Test func forceReplacesTheTakenNameOnlyAndNeverAFolder() throws {
        let (path, foreign) = try folderOfForeignFiles()
        try OutputFolder(path).write(set: "score", files: [.data("sheets.csv", Data("x".utf8))], force: true)
        #expect(contents(path + "/sheets.csv") == Data("x".utf8))
        #expect(contents(path + "/notes.txt") == foreign["notes.txt"])
        #expect(throws: OutputFolderError.foreign(folder: path, names: ["sub"])) {
            try OutputFolder(path).write(set: "score", files: [.data("sub", Data("x".utf8))], force: true)
        }
        #expect(contents(path + "/sub/keep.md") == foreign["sub/keep.md"])
    }

    @Test func aFileChangedSinceKaoxueWroteItIsTheUsers() throws {
        let (path, _) = try folderOfForeignFiles()
        let folder = OutputFolder(path)
        try folder.write(set: "score", files: [.data("scores.csv", Data("1".utf8)), .data("old.csv", Data("o".utf8))])
        try Data("edited in Excel".utf8).write(to: URL(fileURLWithPath: path + "/scores.csv"))
        #expect(throws: OutputFolderError.foreign(folder: path, names: ["scores.csv"])) {
            try folder.write(set: "score", files: [.data("scores.csv", Data("2".utf8))])
        }
        #expect(contents(path + "/scores.csv") == Data("edited in Excel".utf8))
        // An edited stale file is kept too: only files as kaoxue wrote them are removed.
        try Data("mine now".utf8).write(to: URL(fileURLWithPath: path + "/old.csv"))
        try folder.write(set: "score", files: [.data("scores.csv", Data("2".utf8))], force: true)
        #expect(contents(path + "/old.csv") == Data("mine now".utf8))
    }

    @Test func anEditOfTheSameSizeInPlaceIsSeenAndACopiedFolderStaysKaoxues() throws {
        let (path, _) = try folderOfForeignFiles()
        try OutputFolder(path).write(set: "score", files: [.data("scores.csv", Data("1,2,3".utf8))])
        // Same size, same inode, written in place: the modification time tells, and then the hash.
        let handle = try #require(FileHandle(forWritingAtPath: path + "/scores.csv"))
        Thread.sleep(forTimeInterval: 0.01)
        handle.write(Data("9,9,9".utf8))
        try handle.close()
        #expect(throws: OutputFolderError.foreign(folder: path, names: ["scores.csv"])) {
            try OutputFolder(path).write(set: "score", files: [.data("scores.csv", Data("4".utf8))])
        }
        // A copy of the folder has other inodes: its files are still known by their hashes.
        let copy = path + "-copy"
        try OutputFolder(path).write(set: "score", files: [.data("scores.csv", Data("5".utf8))], force: true)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try OutputFolder(copy).write(set: "score", files: [.data("scores.csv", Data("6".utf8))])
        #expect(contents(copy + "/scores.csv") == Data("6".utf8))
    }

    @Test func setsOfTwoCommandsShareAFolder() throws {
        let (path, _) = try folderOfForeignFiles()
        let folder = OutputFolder(path)
        try folder.write(set: "paper generate", files: [.data("paper.json", Data("{}".utf8)), .data("key.csv", Data("k".utf8))])
        try folder.write(set: "score", files: [.data("scores.csv", Data("s".utf8))])
        try folder.write(set: "score", files: [.data("scores.csv", Data("t".utf8))])
        #expect(contents(path + "/paper.json") == Data("{}".utf8))
        #expect(contents(path + "/key.csv") == Data("k".utf8))
        try folder.write(set: "paper generate", files: [.data("paper.json", Data("[]".utf8))])
        #expect(contents(path + "/key.csv") == nil)
        #expect(contents(path + "/scores.csv") == Data("t".utf8))
    }

    @Test func aFailedContentWriteLeavesNoTrace() throws {
        struct Broken: Error {}
        let parent = NSTemporaryDirectory() + "kaoxue-output-\(UUID().uuidString)"
        let path = parent + "/a/b"
        #expect(throws: OutputFolderError.self) {
            try OutputFolder(path).write(set: "x", files: [.data("one", Data("1".utf8)), .streamed("two") { _ in throw Broken() }])
        }
        #expect(!FileManager.default.fileExists(atPath: parent), "the folders it made are removed again")
        let (existing, _) = try folderOfForeignFiles()
        let before = try names(in: existing)
        #expect(throws: OutputFolderError.self) {
            try OutputFolder(existing).write(set: "x", files: [.streamed("two") { _ in throw Broken() }])
        }
        #expect(try names(in: existing) == before)
    }

    @Test func aFileIsNotAFolder() throws {
        let (path, _) = try folderOfForeignFiles()
        #expect(throws: OutputFolderError.notAFolder(path + "/notes.txt")) {
            try OutputFolder(path + "/notes.txt").write(set: "x", files: [.data("one", Data())])
        }
    }

    @Test func singleFilesAreSetsOfTheirOwn() throws {
        let (path, foreign) = try folderOfForeignFiles()
        try OutputFolder.writeFile(path + "/bank.json", Data("1".utf8))
        try OutputFolder.writeFile(path + "/bank.gift", Data("2".utf8))
        try OutputFolder.writeFile(path + "/bank.json", Data("3".utf8))
        #expect(contents(path + "/bank.gift") == Data("2".utf8))
        #expect(contents(path + "/bank.json") == Data("3".utf8))
        #expect(throws: OutputFolderError.foreign(folder: path, names: ["notes.txt"])) { try OutputFolder.checkFile(path + "/notes.txt") }
        #expect(throws: OutputFolderError.foreign(folder: path, names: ["notes.txt"])) { try OutputFolder.writeFile(path + "/notes.txt", Data()) }
        #expect(contents(path + "/notes.txt") == foreign["notes.txt"])
        #expect(throws: OutputFolderError.system(path: path + "/sub", .code(EISDIR))) { try OutputFolder.writeFile(path + "/sub", Data()) }
        #expect(OutputFolderError.system(path: "sub", .code(EISDIR)).message(.zhHans) == "无法写入“sub”：这是文件夹，不是文件")
        try OutputFolder.checkFile(path + "/bank.json")
        try OutputFolder.checkFile(path + "/new/folder/x.csv")
    }

    @Test func messagesNameThePathInTheUsersLanguage() {
        let error = OutputFolderError.foreign(folder: "out", names: ["key.csv"])
        #expect(error.message(.zhHans).hasPrefix("“out/key.csv” 不是 kaoxue 写出的"))
        #expect(error.message(.en).hasPrefix("out/key.csv not written by kaoxue"))
        #expect(error.isInputProblem)
        #expect(OutputFolderError.system(path: "x", .code(ENOENT)).message(.zhHans) == "无法写入“x”：文件不存在")
        #expect(!OutputFolderError.system(path: "x", .code(ENOSPC)).isInputProblem)
    }
}

@Suite struct FilePathTests {
    @Test(arguments: [
        ("o", ""), ("ou", ""), ("x/o", "x"), ("/o", "/"), ("/", "/"), ("a/b/", "a"), ("a//b", "a"), ("./o", "."), ("/x/y/z.csv", "/x/y"),
    ])
    func parentOfEveryPathAUserTypes(_ path: String, _ parent: String) {
        #expect(FilePaths.parent(of: path) == parent)
    }
}
