//! Where the command's output goes: standard output, whose write errors say so (only a closed
//! standard output may end the command quietly), and `-o FILE`, replaced atomically when it is
//! a regular file and written through when it is anything else (a device, a pipe).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A write to standard output failed: the one error that names standard output. A broken
/// pipe (`newsgraph … | head`) ends the command quietly; any other, or a broken pipe anywhere
/// else (an upload the server cut short), is an error.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output: {0}")]
pub struct StdoutError(io::Error);

impl StdoutError {
    /// Whether `e`, or one of its causes, is standard output closed by its reader.
    pub fn is_closed_stdout(e: &anyhow::Error) -> bool {
        // the marked error is inside an io::Error, which every writer passes on as it is
        e.chain().any(|c| {
            c.downcast_ref::<io::Error>().is_some_and(|io| {
                io.get_ref()
                    .and_then(|i| i.downcast_ref::<StdoutError>())
                    .is_some_and(|s| s.0.kind() == io::ErrorKind::BrokenPipe)
            })
        })
    }
}

/// Standard output (locked), whose write errors are [`StdoutError`]s wrapped in an
/// `io::Error` of the same kind, so that they pass through any writer and can still be told
/// from the others.
pub struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    pub fn lock() -> Self {
        Stdout(io::stdout().lock())
    }
}

fn marked(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), StdoutError(e))
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(marked)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(marked)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(marked)
    }
}

/// Where `-o PATH` writes.
pub enum OutputFile {
    /// A new or regular file: written to a temporary file of a unique name in the target's
    /// folder, which replaces the target when it is whole ([`OutputFile::finish`]); dropped
    /// unfinished, it is removed.
    Replace {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
    },
    /// Anything else (`/dev/null`, `/dev/stdout`, a pipe): written through, never replaced.
    Through(File),
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {message}")]
pub struct OutputError {
    path: String,
    message: String,
}

impl OutputFile {
    /// Opens `path` for output, following symbolic links (the link stays, its target is
    /// written). A regular file keeps its permissions (and owner, where this process may set
    /// it); a new file gets 0666 less the umask, as `File::create` gives it.
    pub fn create(path: &Path) -> Result<OutputFile, OutputError> {
        let fail = |e: io::Error| OutputError {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(fail(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a directory",
            ))),
            Ok(m) if !m.is_file() || is_special(path) => {
                // truncated, as `>` would (a no-op on a device or a FIFO)
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(path)
                    .map_err(fail)?;
                Ok(OutputFile::Through(file))
            }
            Ok(m) => {
                // the link's target is replaced, not the link
                let target = std::fs::canonicalize(path).map_err(fail)?;
                let tmp = temp_beside(&target, None).map_err(fail)?;
                tmp.as_file()
                    .set_permissions(m.permissions())
                    .map_err(fail)?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::MetadataExt;
                    // as root, the replaced file's owner; elsewhere this fails and the file is
                    // the writer's, as any file it creates
                    let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
                }
                Ok(OutputFile::Replace { tmp, target })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(path).is_ok() {
                    // a link to nothing yet: create its target through it
                    let file = File::create(path).map_err(fail)?;
                    return Ok(OutputFile::Through(file));
                }
                let tmp = temp_beside(path, Some(0o666)).map_err(fail)?;
                Ok(OutputFile::Replace {
                    tmp,
                    target: path.to_owned(),
                })
            }
            Err(e) => Err(fail(e)),
        }
    }

    /// The folder where a large export's sort may spill: the target's, where there is room.
    pub fn folder(&self) -> PathBuf {
        let target = match self {
            OutputFile::Replace { target, .. } => target,
            OutputFile::Through(_) => return std::env::temp_dir(),
        };
        match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    pub fn writer(&mut self) -> &mut File {
        match self {
            OutputFile::Replace { tmp, .. } => tmp.as_file_mut(),
            OutputFile::Through(file) => file,
        }
    }

    /// Puts the whole output in place (the temporary file renamed over the target).
    pub fn finish(self) -> Result<(), OutputError> {
        match self {
            OutputFile::Replace { tmp, target } => {
                let fail = |e: io::Error| OutputError {
                    path: target.display().to_string(),
                    message: e.to_string(),
                };
                tmp.as_file().sync_all().map_err(fail)?;
                tmp.persist(&target).map_err(|e| fail(e.error))?;
                Ok(())
            }
            OutputFile::Through(_) => Ok(()),
        }
    }
}

/// Whether `path` names a device or a process's file (`/dev/stdout`, `/proc/self/fd/1`), even
/// where that is a regular file (standard output sent to one): written through, never replaced.
fn is_special(path: &Path) -> bool {
    let special =
        |p: &Path| (p.starts_with("/dev") && !p.starts_with("/dev/shm")) || p.starts_with("/proc");
    special(path) || std::fs::canonicalize(path).is_ok_and(|p| special(&p))
}

/// A temporary file of a unique name in `target`'s folder (`.NAME.XXXXXX.tmp`), created
/// with `mode` (less the umask) or 0600.
fn temp_beside(target: &Path, mode: Option<u32>) -> io::Result<tempfile::NamedTempFile> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder.tempfile_in(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_broken_pipe_on_stdout_is_a_closed_stdout() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        let closed = anyhow::Error::new(marked(pipe()));
        assert!(StdoutError::is_closed_stdout(&closed));
        let wrapped = anyhow::Error::new(marked(pipe())).context("cannot export");
        assert!(StdoutError::is_closed_stdout(&wrapped));
        // an upload cut short by the server
        assert!(!StdoutError::is_closed_stdout(&anyhow::Error::new(pipe())));
        let full = anyhow::Error::new(marked(io::Error::from(io::ErrorKind::StorageFull)));
        assert!(!StdoutError::is_closed_stdout(&full));
        assert!(full
            .to_string()
            .starts_with("cannot write to standard output"));
    }
}
