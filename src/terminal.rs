//! Output to a terminal never carries a raw control character: a stored text with an escape
//! sequence (ESC, CSI) could otherwise retitle the window, clear the screen or worse when a
//! query prints it.

use std::io::{self, Write};

/// A writer that, when `enabled` (its output is a terminal), writes each C0 control other
/// than tab, line feed and carriage return, DEL, and each C1 control (U+0080 to U+009F) as a
/// visible escape (`\x1b`, `\u{9b}`). Everything else passes unchanged; disabled, it passes
/// all bytes.
pub struct Safe<W: Write> {
    inner: W,
    enabled: bool,
    /// A UTF-8 lead byte 0xC2 ended the last write: whether the next byte makes a C1 control
    /// is not known yet.
    pending_c2: bool,
}

impl<W: Write> Safe<W> {
    pub fn new(inner: W, enabled: bool) -> Self {
        Safe {
            inner,
            enabled,
            pending_c2: false,
        }
    }
}

fn is_c0(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.enabled {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        let mut bytes = buf.iter().copied().peekable();
        if std::mem::take(&mut self.pending_c2) {
            match bytes.peek() {
                Some(&b @ 0x80..=0x9f) => {
                    bytes.next();
                    write!(out, "\\u{{{b:x}}}")?;
                }
                _ => out.push(0xc2),
            }
        }
        while let Some(b) = bytes.next() {
            if is_c0(b) {
                write!(out, "\\x{b:02x}")?;
            } else if b == 0xc2 {
                match bytes.peek() {
                    Some(&c @ 0x80..=0x9f) => {
                        bytes.next();
                        write!(out, "\\u{{{c:x}}}")?;
                    }
                    Some(_) => out.push(b),
                    None => self.pending_c2 = true,
                }
            } else {
                out.push(b);
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.pending_c2) {
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]], enabled: bool) -> Vec<u8> {
        let mut w = Safe::new(Vec::new(), enabled);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.flush().unwrap();
        w.inner
    }

    #[test]
    fn controls_are_escaped_on_a_terminal_only() {
        let text = "a\u{1b}]0;pwned\u{7}b\tc\n\u{9b}2Jé\u{7f}".as_bytes();
        let safe = String::from_utf8(through(&[text], true)).unwrap();
        assert_eq!(safe, "a\\x1b]0;pwned\\x07b\tc\n\\u{9b}2Jé\\x7f");
        // split anywhere, the same
        for i in 0..text.len() {
            assert_eq!(
                through(&[&text[..i], &text[i..]], true),
                safe.as_bytes(),
                "{i}"
            );
        }
        assert_eq!(through(&[text], false), text);
        assert_eq!(through(&["é".as_bytes()], true), "é".as_bytes());
    }
}
