import Glibc
import QuizModel

/// Why the operating system refused a file operation, in words a person reads in their own language.
///
/// The C library's `strerror` speaks English only (and the process runs without message catalogues), so a
/// Chinese sentence built around it would carry an English fragment: `无法读取“x”：No such file or directory`.
public enum SystemError: Error, Equatable, Sendable {
    /// A failed call's `errno`.
    case code(Int32)
    /// The path names something that is not a regular file (a folder, a FIFO, a device).
    case notRegularFile
    /// The path names something that is not a folder.
    case notAFolder
    /// The file is larger than kaoxue reads (`limit` bytes; see `InputFile`).
    case tooLarge(limit: Int)

    /// The `errno` of the call that just failed.
    public static var last: SystemError { .code(errno) }

    /// The reason, in `language`: `文件不存在` / `no such file or folder`.
    public func words(_ language: DisplayLanguage) -> String {
        switch self {
        case .notRegularFile: return language.pick("不是普通文件", "not a regular file")
        case .notAFolder: return language.pick("不是文件夹", "not a folder")
        case .tooLarge(let limit):
            let megabytes = limit >> 20
            return language.pick(
                "文件超过 \(megabytes) MB，kaoxue 不读取这样大的文件（确需读取时设置 KAOXUE_MAX_FILE_MB，表格为 KAOXUE_MAX_TABLE_MB）",
                "the file is over \(megabytes) MB, more than kaoxue reads (set KAOXUE_MAX_FILE_MB, or KAOXUE_MAX_TABLE_MB for tables, if it must be read)")
        case .code(let code):
            switch code {
            case ENOENT: return language.pick("文件不存在", "no such file or folder")
            case EACCES, EPERM: return language.pick("没有权限", "permission denied")
            case EISDIR: return language.pick("这是文件夹，不是文件", "is a folder, not a file")
            case ENOTDIR: return language.pick("路径中有一段不是文件夹", "a part of the path is not a folder")
            case ENOSPC: return language.pick("磁盘已满", "no space left on the disk")
            case EDQUOT: return language.pick("超出磁盘配额", "disk quota exceeded")
            case EROFS: return language.pick("磁盘只读", "read-only file system")
            case EEXIST: return language.pick("已存在", "already exists")
            case ENOTEMPTY: return language.pick("文件夹不为空", "folder not empty")
            case ENAMETOOLONG: return language.pick("文件名太长", "file name too long")
            case ELOOP: return language.pick("符号链接层数过多", "too many levels of symbolic links")
            case EMFILE, ENFILE: return language.pick("打开的文件过多", "too many open files")
            case EIO: return language.pick("磁盘读写出错", "input/output error")
            case EBUSY, ETXTBSY: return language.pick("正被占用", "busy")
            case EXDEV: return language.pick("不在同一磁盘上", "not on the same file system")
            case EFBIG: return language.pick("文件太大", "file too large")
            case ENXIO, ENODEV: return language.pick("设备不存在", "no such device")
            case EAGAIN: return language.pick("暂时不可用", "temporarily unavailable")
            default:
                let english = String(cString: strerror(code))
                return language.pick("系统错误 \(code)（\(english)）", english)
            }
        }
    }
}
