//! Article stage: bytes → decoded text → cleaned text with sentences and offsets.
//!
//! Entry points: [`decode`] (bytes to text, refusing what is not text) and [`Document::new`]
//! (noise removal, de-duplication, normalisation and sentence splitting).
//!
//! Offsets: every sentence keeps its span in the *original* decoded text, counted in Unicode
//! characters (code points) as RFC 5147 and NIF require. Extraction works on a normalised copy
//! (typographic apostrophes folded, NFC composition, non-breaking spaces as spaces) whose bytes map
//! back to original character positions.

use unicode_normalization::char::{compose, is_combining_mark};

use crate::lexicon::Lexicon;

/// The largest article read, in bytes (64 MiB, some 600 times a long news feature). An article
/// longer than [`WINDOW_BYTES`] is extracted window by window ([`windows`]), in time and memory
/// linear in its length (`bench/big-article.sh`: 20 MB of paragraphs build in 20 s and 630 MB,
/// 50 MB of one line in 100 s and 1.2 GB), so the cap bounds what one article costs, not a
/// rule.
pub const MAX_ARTICLE_BYTES: usize = 64 << 20;

/// The most text cleaned and extracted at once: 64 KiB, some 10,000 words, several times a long
/// feature. Extraction rules look across a whole document (persons are merged over every
/// mention, and some of that grows faster than the text), so a longer article is cut into
/// windows of whole paragraphs this long at most ([`windows`]).
pub const WINDOW_BYTES: usize = 64 << 10;

/// Why bytes could not be read as an article. Positions are 1-based byte offsets in the input.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the article is empty")]
    Empty,
    #[error("the article holds only whitespace")]
    Blank,
    /// Its size, when known (a stream is read up to the limit only).
    #[error("the article is too large: {} (newsgraph reads at most {MAX_ARTICLE_BYTES} bytes)", .0.map_or(format!("more than {MAX_ARTICLE_BYTES} bytes"), |n| format!("{n} bytes")))]
    TooLarge(Option<u64>),
    #[error("not UTF-8 text: invalid byte sequence at byte {0}")]
    NotUtf8(usize),
    #[error("binary data, not text (NUL byte at byte {0})")]
    Binary(usize),
    #[error("not valid UTF-16 text")]
    BadUtf16,
}

/// Decodes article bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM. Anything else is
/// refused with the position of the first bad byte, never turned into mojibake.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(DecodeError::TooLarge(Some(bytes.len() as u64)));
    }
    // (text, BOM length, whether UTF-16) so that positions count bytes of the input
    let (text, bom, utf16) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (utf8(rest, 3)?, 3, false)
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (enc, bom_len) = encoding_rs::Encoding::for_bom(bytes).ok_or(DecodeError::BadUtf16)?;
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::BadUtf16);
        }
        (text.into_owned(), bom_len, true)
    } else {
        (utf8(bytes, 0)?, 0, false)
    };
    if let Some(pos) = text.find('\0') {
        let offset = if utf16 {
            2 * text[..pos].encode_utf16().count()
        } else {
            pos
        };
        return Err(DecodeError::Binary(bom + offset + 1));
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Blank);
    }
    Ok(without_controls(text))
}

/// Whether `c` is a control character no text newsgraph stores may hold: a C0 control but
/// tab, line feed and carriage return, DEL, or a C1 control.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// `text` with its control characters replaced, one character for one so that character
/// offsets stay those of the input: the vertical tab, form feed and NEL (U+0085), which end
/// lines, by a line feed; every other C0 control but tab, line feed and carriage return, DEL,
/// and every other C1 control (U+0080 to U+009F) by a space. No stored text, export or query
/// answer then holds one (XML forbids most, and a terminal obeys them).
pub fn without_controls(text: String) -> String {
    // the common case, no control at all, costs one scan and no copy
    let ascii_controls = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f);
    let c1 = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]));
    if !ascii_controls && !c1 {
        return text;
    }
    text.chars()
        .map(|c| match c {
            '\u{b}' | '\u{c}' | '\u{85}' => '\n',
            c if is_control(c) => ' ',
            c => c,
        })
        .collect()
}

/// UTF-8 text of `bytes`, which start `bom` bytes into the input.
fn utf8(bytes: &[u8], bom: usize) -> Result<String, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(DecodeError::NotUtf8(bom + e.valid_up_to() + 1)),
    }
}

/// A sentence of the cleaned article.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in [`Document::norm`].
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (kept line) it belongs to.
    pub paragraph: usize,
}

/// A cleaned article: original text, normalised text and sentences.
#[derive(Debug, Clone)]
pub struct Document {
    /// The decoded text as given.
    pub original: String,
    /// Normalised text of the kept lines; noise lines are absent.
    pub norm: String,
    /// For each byte of `norm`, the character index in `original` it comes from.
    map: Vec<u32>,
    pub sentences: Vec<Sentence>,
    /// Number of lines dropped as noise or duplicates.
    pub dropped_lines: usize,
    /// Byte offset in `original` of each character, and the length at the end.
    char_bytes: Vec<u32>,
}

impl Document {
    /// Cleans `original`: drops noise lines (patterns of `ontology/noise.tsv`) and repeated lines
    /// (captions shown twice), normalises and splits the rest into sentences.
    pub fn new(original: String, lexicon: &Lexicon) -> Self {
        Self::clean(original, lexicon, &mut SeenLines::default(), (false, false))
    }

    /// [`Document::new`] with the lines kept so far: a window of a long article drops the
    /// repeats of lines kept by the windows before it, as the whole article would. `cut`
    /// tells whether the first and the last line are parts of a line longer than a window:
    /// such a part is text, not the line of page furniture a noise pattern is written for
    /// (a single-line page would lose every window where "via AFP" is written).
    fn clean(original: String, lexicon: &Lexicon, seen: &mut SeenLines, cut: (bool, bool)) -> Self {
        let mut norm = String::with_capacity(original.len());
        let mut map: Vec<u32> = Vec::with_capacity(original.len());
        let mut sentences = Vec::new();
        let mut dropped = 0;
        let mut paragraph = 0;

        // lines with their char start index; split on bytes (a CR or LF byte is never part
        // of a longer UTF-8 sequence), characters counted a line at a time
        let mut lines: Vec<(usize, &str)> = Vec::new();
        let mut line_start_byte = 0usize;
        let mut line_start_char = 0usize;
        let bytes = original.as_bytes();
        while let Some(k) = memchr::memchr2(b'\n', b'\r', &bytes[line_start_byte..]) {
            let b = line_start_byte + k;
            let line = &original[line_start_byte..b];
            lines.push((line_start_char, line));
            let mut next_b = b + 1;
            if bytes[b] == b'\r' && bytes.get(b + 1) == Some(&b'\n') {
                next_b += 1;
            }
            line_start_char += line.chars().count() + (next_b - b);
            line_start_byte = next_b;
        }
        lines.push((line_start_char, &original[line_start_byte..]));

        seen.reserve(lines.len(), original.len());
        let last = lines.len() - 1;
        for (i, (start_char, line)) in lines.into_iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let part = (i == 0 && cut.0) || (i == last && cut.1);
            if !part && lexicon.is_noise_line(line) {
                dropped += 1;
                continue;
            }
            if seen.repeats(line) {
                dropped += 1;
                continue;
            }
            let line_norm_start = norm.len();
            normalise_into(line, start_char, &mut norm, &mut map);
            let line_norm_end = norm.len();
            split_sentences(
                &norm,
                line_norm_start,
                line_norm_end,
                paragraph,
                &mut sentences,
            );
            norm.push('\n');
            map.push(map.last().copied().unwrap_or(0) + 1);
            paragraph += 1;
        }
        // the byte offset of each character: the bytes that are not UTF-8 continuation bytes
        // (a run of ASCII is a run of characters, added as a range: the byte-at-a-time
        // filter was the most costly loop of the cleaning)
        let mut char_bytes: Vec<u32> = Vec::with_capacity(original.len() + 1);
        let mut b = 0;
        while b < bytes.len() {
            let run = ascii_run(&bytes[b..]);
            char_bytes.extend(b as u32..(b + run) as u32);
            b += run;
            while b < bytes.len() && !bytes[b].is_ascii() {
                if (bytes[b] as i8) >= -0x40 {
                    char_bytes.push(b as u32);
                }
                b += 1;
            }
        }
        char_bytes.push(original.len() as u32);
        Document {
            original,
            norm,
            map,
            sentences,
            dropped_lines: dropped,
            char_bytes,
        }
    }

    /// Text of a sentence in the normalised text.
    pub fn sentence_text(&self, i: usize) -> &str {
        let s = &self.sentences[i];
        &self.norm[s.start..s.end]
    }

    /// Character index in the original text of a byte offset of `norm` (an end offset maps to
    /// one past the last character).
    pub fn orig_char(&self, norm_byte: usize) -> usize {
        if norm_byte >= self.map.len() {
            return self.map.last().map_or(0, |&c| c as usize + 1);
        }
        self.map[norm_byte] as usize
    }

    /// Original-text character span of a `norm` byte range.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        if end <= start {
            let s = self.orig_char(start);
            return (s, s);
        }
        let s = self.orig_char(start);
        // end: the char after the last byte of the range
        let last = self.norm[..end]
            .chars()
            .next_back()
            .map_or(0, |c| end - c.len_utf8());
        (s, self.orig_char(last) + 1)
    }

    /// The original text of a character span.
    pub fn orig_text(&self, start: usize, end: usize) -> String {
        let last = self.char_bytes.len() - 1;
        let (a, b) = (start.min(last), end.clamp(start.min(last), last));
        self.original[self.char_bytes[a] as usize..self.char_bytes[b] as usize].to_owned()
    }
}

/// A window of a long article: a [`Document`] of its own (offsets counted from the window's
/// start) and where it starts in the whole article.
#[derive(Debug, Clone)]
pub struct Window {
    pub doc: Document,
    /// Characters of the article before the window.
    pub char_start: usize,
}

/// Cleans `text` window by window: windows of whole lines (paragraphs) of at most
/// [`WINDOW_BYTES`], a longer line being cut at the end of a sentence (else at a space, else
/// between two characters). The cleaning is the whole article's: a line that repeats one of
/// an earlier window is dropped. Every window is read once: linear in the text's length.
pub fn windows<'a>(text: &'a str, lexicon: &'a Lexicon) -> Windows<'a> {
    Windows {
        text,
        lexicon,
        byte: 0,
        chars: 0,
        cut: false,
        seen: SeenLines::default(),
    }
}

/// The iterator of [`windows`].
pub struct Windows<'a> {
    text: &'a str,
    lexicon: &'a Lexicon,
    /// Where the next window starts, in bytes and in characters.
    byte: usize,
    chars: usize,
    /// Whether the last window ended inside a line.
    cut: bool,
    seen: SeenLines,
}

impl Iterator for Windows<'_> {
    type Item = Window;

    fn next(&mut self) -> Option<Window> {
        if self.byte >= self.text.len() {
            return None;
        }
        let end = window_end(self.text, self.byte, WINDOW_BYTES);
        let slice = &self.text[self.byte..end];
        let cut_after =
            end < self.text.len() && !matches!(slice.as_bytes().last(), Some(b'\n' | b'\r'));
        let window = Window {
            doc: Document::clean(
                slice.to_owned(),
                self.lexicon,
                &mut self.seen,
                (self.cut, cut_after),
            ),
            char_start: self.chars,
        };
        self.chars += slice.chars().count();
        self.byte = end;
        self.cut = cut_after;
        Some(window)
    }
}

/// The end of the window of `text` that starts at byte `start` and holds at most `max` bytes
/// (more only to keep a CR LF together): after its last line break; in a line longer than
/// that, after the last sentence end of the window's second half, else after its last space,
/// else before a character that is not a combining mark. Always past `start`.
fn window_end(text: &str, start: usize, max: usize) -> usize {
    let bytes = text.as_bytes();
    if text.len() - start <= max {
        return text.len();
    }
    let mut limit = start + max;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    if let Some(i) = bytes[start..limit]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
    {
        let i = start + i;
        return if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    // one line longer than a window: search its second half
    let mut half = start + max / 2;
    while !text.is_char_boundary(half) {
        half += 1;
    }
    let part = &text[half..limit];
    let mut sentence_end = None;
    let mut space_end = None;
    let mut chars = part.char_indices().peekable();
    while let Some((b, c)) = chars.next() {
        if c.is_whitespace() {
            space_end = Some(b + c.len_utf8());
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // closing marks, then spaces, then what starts a sentence: the window ends before it
        while chars
            .next_if(|&(_, d)| matches!(d, '.' | '!' | '?' | '…' | ')' | '»' | '"' | '”' | '\''))
            .is_some()
        {}
        let mut spaced = false;
        while let Some((e, d)) = chars.next_if(|&(_, d)| d.is_whitespace()) {
            spaced = true;
            space_end = Some(e + d.len_utf8());
        }
        // (the word before the mark is read only then: the words read are apart)
        if spaced
            && chars.peek().is_some_and(|&(_, d)| starts_sentence(d))
            && !(c == '.'
                && is_abbreviation(
                    &text[start..half + b],
                    chars.peek().map_or(' ', |&(_, d)| d),
                ))
        {
            sentence_end = chars.peek().map(|&(e, _)| e);
        }
    }
    if let Some(e) = sentence_end.or(space_end) {
        return half + e;
    }
    // no space in 32 KiB: between two characters, not before a combining mark (which would
    // lose the letter it composes with)
    let mut cut = limit;
    while cut > half {
        let next = text[cut..].chars().next();
        if !next.is_some_and(|c| is_combining_mark(c) || c == '\u{200D}') {
            return cut;
        }
        cut -= 1;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
    }
    limit
}

/// Lines kept so far, to drop repeats: the same line (any distance), or a line of 8+ words
/// sharing 85% of its words with one of the last [`SeenLines::WINDOW`] kept lines (captions
/// repeated with a word changed). Lines are compared folded: lowercase, letters and digits
/// only, as their sequences of words. Linear in the article's length.
/// (Fx hashing: the sets are only looked up, never iterated, so the hasher cannot change a
/// result, and SipHash cost more than the look-ups.)
#[derive(Default)]
struct SeenLines {
    /// The kept lines, each as the numbers of its words in order: two lines are the same
    /// folded text when they are the same sequence of words, so the folded text is not built
    /// and then split again, the words of a line are read once for both tests.
    exact: rustc_hash::FxHashSet<Vec<u32>>,
    /// Each distinct word of the article's lines, numbered.
    ids: rustc_hash::FxHashMap<String, u32>,
    /// The word sets (sorted word numbers) of the last kept lines of 8+ words.
    recent: std::collections::VecDeque<Vec<u32>>,
    /// The line lowercased and a word lowercased (kept between lines for their capacity).
    lower: String,
    word: String,
}

impl SeenLines {
    const WINDOW: usize = 64;

    /// Room for `lines` more lines, of `bytes` bytes in all: the sets grown a word at a time
    /// were rehashed some ten times an article.
    fn reserve(&mut self, lines: usize, bytes: usize) {
        self.exact.reserve(lines);
        // a word and the space after it are 6 or 7 bytes, and an article repeats its words
        self.ids.reserve(bytes / 12);
    }

    /// Whether `line` repeats a kept line; if not, it is kept.
    fn repeats(&mut self, line: &str) -> bool {
        let sequence = self.words(line);
        if self.exact.contains(&sequence) {
            return true;
        }
        let mut words = sequence.clone();
        words.sort_unstable();
        words.dedup();
        if words.len() >= 8 {
            let near = self.recent.iter().any(|t| {
                // the intersection is at most the smaller set and the union at least the
                // larger one: sets of too different sizes cannot be 85% alike
                let (small, large) = (t.len().min(words.len()), t.len().max(words.len()));
                if small * 100 < large * 85 {
                    return false;
                }
                let inter = sorted_intersection(t, &words);
                let union = t.len() + words.len() - inter;
                t.len() >= 8 && union > 0 && inter * 100 >= union * 85
            });
            if near {
                return true;
            }
            self.recent.push_back(words);
            if self.recent.len() > Self::WINDOW {
                self.recent.pop_front();
            }
        }
        self.exact.insert(sequence);
        false
    }

    /// The numbers of the words of `line`, in order. Words are the runs of letters and
    /// digits, lowercased; every other character separates words.
    fn words(&mut self, line: &str) -> Vec<u32> {
        // the line with its ASCII letters lowercased (one pass, word at a time); a word of
        // ASCII letters and digits is then a slice of it, looked up as it is, and only a word
        // with other letters is lowercased a character at a time. Characters are decoded
        // only past a non-ASCII byte.
        let mut out = Vec::with_capacity(line.len() / 4);
        let mut lower = std::mem::take(&mut self.lower);
        lower.clear();
        lower.push_str(line);
        lower.make_ascii_lowercase();
        let bytes = lower.as_bytes();
        // the word being read: where it starts, and whether it has a non-ASCII letter
        let mut word: Option<(usize, bool)> = None;
        let mut b = 0;
        while b < bytes.len() {
            let x = bytes[b];
            let (letter, len) = if x.is_ascii() {
                (x.is_ascii_alphanumeric(), 1)
            } else {
                let c = lower[b..].chars().next().unwrap_or_default();
                (c.is_alphanumeric(), c.len_utf8())
            };
            match (letter, &mut word) {
                (true, None) => word = Some((b, !x.is_ascii())),
                (true, Some((_, wide))) => *wide |= !x.is_ascii(),
                (false, Some((start, wide))) => {
                    out.push(self.word_id(&lower[*start..b], *wide));
                    word = None;
                }
                (false, None) => {}
            }
            b += len;
        }
        if let Some((start, wide)) = word {
            out.push(self.word_id(&lower[start..], wide));
        }
        self.lower = lower;
        out
    }

    /// The number of a word of lowercased ASCII letters, or (`wide`) of a word with other
    /// letters, lowercased here.
    fn word_id(&mut self, word: &str, wide: bool) -> u32 {
        if !wide {
            return self.id(word);
        }
        let mut folded = std::mem::take(&mut self.word);
        folded.clear();
        folded.extend(word.chars().map(|c| c.to_lowercase().next().unwrap_or(c)));
        let id = self.id(&folded);
        self.word = folded;
        id
    }

    /// The number of `word`, numbered now if it is new.
    fn id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.to_owned(), id);
        id
    }
}

/// Size of the intersection of two sorted, deduplicated lists.
fn sorted_intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` that is below `n` (at most 0x80): a byte whose
/// subtraction borrows.
fn bytes_below(v: u64, n: u64) -> u64 {
    v.wrapping_sub(ONES * n) & !v & HIGH
}

/// The length of the leading run of `bytes` that `keep` accepts, eight bytes at a time
/// while `fails` (the high bit of each byte of a word that `keep` refuses; any exact) is
/// zero: the byte-at-a-time loops over the text were the costliest loops of the cleaning.
fn run_of(bytes: &[u8], fails: impl Fn(u64) -> u64, keep: impl Fn(u8) -> bool) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        if fails(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|&b| !keep(b))
        .unwrap_or(bytes.len() - n)
}

/// The length of the leading run of ASCII bytes.
pub(crate) fn ascii_run(bytes: &[u8]) -> usize {
    run_of(bytes, |v| v & HIGH, |b| b.is_ascii())
}

/// The length of the leading run of printable ASCII other than '`' (a byte equal to `c` is
/// one of `v ^ c` below 1).
fn printable_run(bytes: &[u8]) -> usize {
    run_of(
        bytes,
        |v| {
            (v & HIGH)
                | bytes_below(v, 0x20)
                | bytes_below(v ^ (ONES * 0x7f), 1)
                | bytes_below(v ^ (ONES * 0x60), 1)
        },
        |b| (0x20..0x7f).contains(&b) && b != b'`',
    )
}

/// Appends the normalised form of `line` to `norm`, recording for each byte the original char.
fn normalise_into(line: &str, start_char: usize, norm: &mut String, map: &mut Vec<u32>) {
    let mut i = 0usize;
    let mut rest = line;
    while !rest.is_empty() {
        // a run of printable ASCII other than '`' is copied as it is, one char a byte
        let run = printable_run(rest.as_bytes());
        if run > 0 {
            norm.push_str(&rest[..run]);
            let orig = (start_char + i) as u32;
            map.extend(orig..orig + run as u32);
            i += run;
            rest = &rest[run..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        rest = &rest[c.len_utf8()..];
        let orig = (start_char + i) as u32;
        i += 1;
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
            '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\t' => ' ',
            '\u{2010}' | '\u{2011}' => '-',
            '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' => continue,
            c if c.is_control() => ' ',
            c => c,
        };
        if is_combining_mark(c) {
            if let Some(prev) = norm.chars().next_back() {
                if let Some(composed) = compose(prev, c) {
                    let prev_len = prev.len_utf8();
                    let keep = map[map.len() - prev_len];
                    norm.truncate(norm.len() - prev_len);
                    map.truncate(map.len() - prev_len);
                    norm.push(composed);
                    map.extend(std::iter::repeat_n(keep, composed.len_utf8()));
                    continue;
                }
            }
        }
        norm.push(c);
        map.extend(std::iter::repeat_n(orig, c.len_utf8()));
    }
}

/// Given names written short with a period (South and Southeast Asian usage: Md. =
/// Mohammad, Mohd./Muhd. = Mohd; Filipino Ma. = Maria): the period ends no sentence and
/// belongs to the name.
pub(crate) const GIVEN_NAME_ABBREVIATIONS: &[&str] = &["Md", "Mohd", "Muhd", "Ma"];

const ABBREVIATIONS: &[&str] = &[
    "M", "Mme", "Mlle", "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Gén", "Col", "Lt", "Sgt", "Capt",
    "Prof", "Pr", "Sen", "Rep", "Gov", "Jr", "Sr", "No", "Vol", "etc", "cf", "vs", "av", "J.-C",
    "U.S", "U.K", "U.N", "E.U", "p", "pp", "env", "ex", "Mgr", "St", "Ste", "Hon", "Amb", "Brig",
    "Maj", "Adm", "Cdr", "Cmdr", "Rt", "Eng", "Engr", "Atty", "Fr", "Rev", "MM", "Mmes", "Pre",
];

/// Splits `norm[start..end]` (one line) into sentences. Never splits inside a quotation whose
/// closing mark is on the same line; never after a known abbreviation or an initial.
///
/// The line is read by byte offsets, characters decoded only where one is looked at: the marks
/// that can end a sentence are found by their first byte (collecting the line's characters and
/// a table over them cost more than the rest of the cleaning).
fn split_sentences(
    norm: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let line = &norm[start..end];
    let bytes = line.as_bytes();
    let quoted = quoted_ranges(line);
    let char_at = |b: usize| line[b..].chars().next();
    let mut sent_start = 0usize;
    // where a quotation's closing mark must be for the punctuation before it to end the
    // quotation: the first character from a position on that is not punctuation or a space.
    // The last answer is kept with the position it was asked for: it holds for every position
    // up to it, and positions only grow, so a line of dots and spaces is read once, not once
    // per dot.
    let mut past: Option<(usize, usize)> = None;
    let mut past_punctuation = |from: usize| match past {
        Some((asked, found)) if asked <= from && from <= found => found,
        _ => {
            let found = skip_while(line, from, |d| {
                matches!(d, '.' | '!' | '?' | '…' | ' ' | '\u{a0}')
            });
            past = Some((from, found));
            found
        }
    };
    // the quotations are disjoint and in order: the first one not closed before the
    // character at hand is the only one that can hold it
    let mut q = 0;
    let mut b = 0;
    // '.', '!', '?' and the first byte of '…' (E2 80 A6), which is never inside a character
    while let Some(k) = bytes[b..]
        .iter()
        .position(|&x| matches!(x, b'.' | b'!' | b'?' | 0xE2))
    {
        let at = b + k;
        let c = char_at(at).unwrap_or_default();
        let after = at + c.len_utf8();
        if !matches!(c, '.' | '!' | '?' | '…') {
            b = after;
            continue;
        }
        while q < quoted.len() && quoted[q].1 <= at {
            q += 1;
        }
        // inside a quotation only its last sentence may end a sentence: `… table." He said`
        let inside = quoted
            .get(q)
            .is_some_and(|&(qs, qe)| at > qs && at < qe && past_punctuation(after) != qe);
        if inside {
            b = after;
            continue;
        }
        // consume closing punctuation and quotes, then spaces
        let ws_start = skip_while(line, after, |d| {
            matches!(d, '.' | '!' | '?' | '…' | ')' | '»' | '"' | '”' | '\'')
        });
        let next = skip_while(line, ws_start, char::is_whitespace);
        let Some(first) = char_at(next).filter(|&d| next > ws_start && starts_sentence(d)) else {
            // no punctuation of this run can end a sentence either (each would be followed
            // by the same characters): go past it, so that a run is read once, not once per
            // mark
            b = ws_start;
            continue;
        };
        if !(c == '.' && is_abbreviation(&line[sent_start..at], first)) {
            push_sentence(line, start, sent_start, ws_start, paragraph, out);
            sent_start = next;
            b = next;
            continue;
        }
        b = after;
    }
    push_sentence(line, start, sent_start, line.len(), paragraph, out);
}

/// The byte offset in `s` of the first character from byte `from` on that is not `skip`, or
/// the length of `s`.
pub(crate) fn skip_while(s: &str, from: usize, skip: impl Fn(char) -> bool) -> usize {
    s[from..]
        .char_indices()
        .find(|&(_, c)| !skip(c))
        .map_or(s.len(), |(i, _)| from + i)
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '«' | '"' | '“' | '(' | '\'' | '-' | '–' | '—')
}

/// Whether the word that ends `before` is an abbreviation whose period does not end the
/// sentence; `next` is the first character after the spaces that follow the period.
fn is_abbreviation(before: &str, next: char) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true; // an initial: "George W. Bush"
    }
    // dotted initials before a capital ("S.E.M. Ali", "H.E. Mariam", "H.R.H. Prince") and
    // ranks joined by a hyphen ("Maj.-Gen. X", "Lt.-Col. Y")
    if next.is_uppercase() && (is_dotted_initials(word) || is_dotted_rank(word)) {
        return true;
    }
    // a month before its day: "on Aug. 14", "le 3 sept. 2024" ends no sentence
    if next.is_ascii_digit()
        && MONTH_ABBREVIATIONS
            .iter()
            .any(|m| word.eq_ignore_ascii_case(m))
    {
        return true;
    }
    ABBREVIATIONS.contains(&word) || GIVEN_NAME_ABBREVIATIONS.contains(&word)
}

/// "S.E.M", "H.E", "H.R.H": single capitals joined by periods (the last period is the one
/// read).
fn is_dotted_initials(word: &str) -> bool {
    let mut parts = word.split('.');
    let n = parts.clone().count();
    n >= 2
        && parts.all(|p| {
            let mut c = p.chars();
            c.next().is_some_and(char::is_uppercase) && c.next().is_none()
        })
}

/// "Maj.-Gen", "Lt.-Col", "Brig.-Gen": two short capitalised abbreviations joined by ".-".
fn is_dotted_rank(word: &str) -> bool {
    word.split_once(".-").is_some_and(|(a, b)| {
        [a, b].iter().all(|p| {
            let mut c = p.chars();
            c.next().is_some_and(char::is_uppercase)
                && p.chars().count() <= 5
                && c.all(char::is_lowercase)
        })
    })
}

/// Abbreviated month names (English and French), written with a period before a day or a
/// year.
const MONTH_ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "janv",
    "févr", "fév", "avr", "juil", "déc",
];

fn push_sentence(
    line: &str,
    base: usize,
    s: usize,
    e: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let text = &line[s..e];
    let lead = text.len() - text.trim_start().len();
    let trail = text.len() - text.trim_end().len();
    if text.trim().is_empty() {
        return;
    }
    out.push(Sentence {
        start: base + s + lead,
        end: base + e - trail,
        paragraph,
    });
}

/// Byte ranges (open, close) of quotations closed on the same line.
pub fn quoted_ranges(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // nothing happens before the first '"', '«' (C2 AB) or '“' (E2 80 9C): start there
    let Some(first) = memchr::memchr3(b'"', 0xC2, 0xE2, line.as_bytes()) else {
        return out;
    };
    let mut open: Option<(usize, char)> = None;
    for (b, c) in line[first..].char_indices() {
        let b = b + first;
        match (open, c) {
            (None, '«') => open = Some((b, '»')),
            (None, '“') => open = Some((b, '”')),
            (None, '"') => open = Some((b, '"')),
            (Some((s, close)), c) if c == close => {
                out.push((s, b));
                open = None;
            }
            // a new opening guillemet before the close: restart there (unbalanced text)
            (Some(_), '«') => open = Some((b, '»')),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_at_a_time_runs_match_the_byte_tests() {
        let printable = |b: u8| (0x20..0x7f).contains(&b) && b != b'`';
        // every byte value at every position of a 19-byte run, and a run with none
        for at in 0..=19 {
            for x in 0..=255u8 {
                let mut bytes = vec![b'a'; 19];
                if at < 19 {
                    bytes[at] = x;
                }
                let want = bytes.iter().position(|&b| !printable(b)).unwrap_or(19);
                assert_eq!(printable_run(&bytes), want, "byte {x:#x} at {at}");
                let want = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(19);
                assert_eq!(ascii_run(&bytes), want, "byte {x:#x} at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_match_the_byte_tests_on_any_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let printable = |b: u8| (0x20..0x7f).contains(&b) && b != b'`';
            let n = bytes.len();
            proptest::prop_assert_eq!(printable_run(&bytes), bytes.iter().position(|&b| !printable(b)).unwrap_or(n));
            proptest::prop_assert_eq!(ascii_run(&bytes), bytes.iter().position(|b| !b.is_ascii()).unwrap_or(n));
        }
    }

    fn doc(text: &str) -> Document {
        Document::new(text.to_owned(), Lexicon::get())
    }

    #[test]
    fn decodes_utf8_bom_and_utf16() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("été".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), "été");
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t "), Err(DecodeError::Blank));
        // positions are 1-based bytes of the input, BOM included
        assert_eq!(decode(b"ab\xE9c"), Err(DecodeError::NotUtf8(3)));
        assert_eq!(decode(b"\xEF\xBB\xBFab\xE9c"), Err(DecodeError::NotUtf8(6)));
        assert_eq!(decode(b"ab\0c"), Err(DecodeError::Binary(3)));
        let utf16_nul: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é\0".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16_nul), Err(DecodeError::Binary(5)));
        let big = vec![b'a'; MAX_ARTICLE_BYTES + 1];
        assert_eq!(
            decode(&big),
            Err(DecodeError::TooLarge(Some(MAX_ARTICLE_BYTES as u64 + 1)))
        );
    }

    #[test]
    fn splits_sentences_but_not_quotes_or_abbreviations() {
        let d = doc(
            "M. Dupont est venu. Il a dit « Bonjour. Au revoir. » hier. George W. Bush a parlé.",
        );
        let s: Vec<&str> = (0..d.sentences.len()).map(|i| d.sentence_text(i)).collect();
        assert_eq!(
            s,
            vec![
                "M. Dupont est venu.",
                "Il a dit « Bonjour. Au revoir. » hier.",
                "George W. Bush a parlé."
            ]
        );
    }

    #[test]
    fn drops_noise_and_repeated_lines_and_keeps_offsets() {
        let text = "Une légende de photo assez longue pour compter comme une vraie ligne ici.\nUne légende de photo assez longue pour compter comme une vraie ligne ici.\nLeave a Reply\nLe ministre est parti.";
        let d = doc(text);
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(d.dropped_lines, 2);
        let last = d.sentences.last().unwrap();
        let (s, e) = d.orig_span(last.start, last.end);
        assert_eq!(d.orig_text(s, e), "Le ministre est parti.");
    }

    #[test]
    fn normalises_apostrophes_nfd_and_crlf_keeping_char_offsets() {
        let text = "L\u{2019}e\u{301}te\u{301}\r\nDeux.\rTrois.";
        let d = doc(text);
        assert_eq!(d.sentence_text(0), "L'été");
        let s = &d.sentences[1];
        let (a, b) = d.orig_span(s.start, s.end);
        assert_eq!(d.orig_text(a, b), "Deux.");
        let s = &d.sentences[2];
        let (a, b) = d.orig_span(s.start, s.end);
        assert_eq!(d.orig_text(a, b), "Trois.");
    }
}
