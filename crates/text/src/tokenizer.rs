//! The tokenizer: splits text into Penn/UD-style tokens, as byte spans.
//!
//! It is a hand-written scanner, linear in the input: the text is cut into
//! whitespace-free chunks, and each chunk is scanned left to right once
//! (only the bounded look-aheads below re-read characters). It never panics
//! and every offset falls on a char boundary. Whitespace, control characters
//! and zero-width spaces separate tokens and are never part of one;
//! combining marks, variation selectors and joiners stay with the character
//! before them.
//!
//! Conventions (those of UD English EWT and GUM, which the evaluation in
//! `chronicle-eval` measures against):
//!
//! - **Punctuation** is split off: `(`, `)`, `,`, `"`, `“`, `”`, `‘`, `’`
//!   (when not an apostrophe inside a word) are tokens of their own. Runs of
//!   `. ! ?` are one token (`...`, `?!`), as are runs of one dash or star
//!   character (`--`, `——`, `***`). `—`, `–` and `…` are punctuation.
//! - **Clitics** are split from their host as in the treebanks' syntactic
//!   words: `'s 're 'll 've 'd 'm` and `n't`, with a straight or a curly
//!   apostrophe (`Ukraine’s` → `Ukraine` `’s`, `don't` → `do` `n't`,
//!   `can't` → `ca` `n't`). `cannot`, `gonna`, `gotta`, `wanna` are split
//!   too (`can` `not`, `gon` `na`). Other inner apostrophes stay
//!   (`O'Brien`); a final one is punctuation (`parents` `'`).
//! - **Hyphens** between letters are split off (`long - range`,
//!   `full - scale`), as EWT and GUM do for most compounds, except after the
//!   prefixes of the `HYPHEN_PREFIXES` list (`non-profit`, `e-mail`,
//!   `co-founder`, `re-elected`). Later stages that want compound words
//!   rejoin adjacent tokens with no space between them (the spans tell).
//!   A word cut short by a hyphen keeps it (`pro- and anti-war`, `th-`).
//! - **Periods** are split off, except in acronyms with inner periods
//!   (`U.S.`, `U.K.`, `e.g.`, `Ph.D.`), listed abbreviations (`Mr.`,
//!   `Inc.`, `Sept.`), `No.`-like ones before a number (`No. 1`, `p. 12`),
//!   file names (`report.doc`), and a single capital letter followed by a
//!   capitalised word that is not a common sentence opener (`George W.
//!   Bush`, `J. R. R. Tolkien`, but `by G. The`). A sentence-final `U.S.`
//!   keeps its period and no extra period token is made, as in the
//!   treebanks.
//! - **Numbers** keep their separators: `1,000` (a comma only before three
//!   digits: `[13,14]` splits), `3.5`, `9/11`, `10:30`, `2023-09-28` and
//!   phone numbers (three or more hyphen groups, or `646-8420`) are one
//!   token; a two-part range is split (`2019 - 2020`). Ordinal and plural
//!   suffixes stay (`3rd`, `1990s`); unit suffixes are split (`5 bn`,
//!   `5 pm`), as are currency signs (`$ 560`, `€ 5 bn`; `US$` is one
//!   symbol). A list number opening a line keeps its period (`1.`, `2.1.`).
//! - **URLs and e-mail addresses** (`https://...`, `www...`, `name@host.org`,
//!   `example.com/path`) are one [`TokenKind::Url`] token, minus trailing
//!   punctuation. Hashtags and handles (`#tag`, `@user`) and emoticons
//!   (`:)`, `;-)`) are one token each.
//! - Apostrophe-less negations are split like the treebanks' typos
//!   (`dont` → `do` `nt`).

use crate::abbrev;
use crate::{Span, Token, TokenKind};

/// Tokenizes `text` into tokens in text order, never overlapping.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut chunk: Vec<(usize, char)> = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some(&(_, c)) = iter.peek() {
        if is_separator(c) {
            iter.next();
            continue;
        }
        chunk.clear();
        while let Some(&(i, c)) = iter.peek() {
            if is_separator(c) {
                break;
            }
            chunk.push((i, c));
            iter.next();
        }
        let end = chunk.last().map(|&(i, c)| i + c.len_utf8()).unwrap_or(0);
        Scanner {
            text,
            cs: &chunk,
            end,
            out: &mut out,
        }
        .run();
    }
    out
}

/// Characters that separate tokens and belong to none.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters that attach to the character before them.
fn is_join(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}' | '\u{064B}'..='\u{065F}'
        | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{E0100}'..='\u{E01EF}'
        | '\u{1F3FB}'..='\u{1F3FF}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_join(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

/// File extensions that keep `name.ext` one token (`report.doc`).
const FILE_EXTENSIONS: &[&str] = &[
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "pdf", "txt", "htm", "html", "jpg", "jpeg", "png",
    "gif", "zip", "csv", "exe", "mp3", "mp4",
];

/// Contractions written without their apostrophe, split before `nt` as the
/// treebanks do (`dont` → `do` `nt`).
const BARE_NEGATIONS: &[&str] = &[
    "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent", "couldnt", "wouldnt",
    "shouldnt", "havent", "hasnt", "hadnt", "wont",
];

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₴' | '₽' | '₹' | '₩' | '₪' | '₺' | '¢' | '₦' | '₱' | '฿'
    )
}

/// Top-level domains that make `word.tld` a host name.
const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "mil", "int", "info", "biz", "io", "uk", "us", "ca", "au",
    "de", "fr", "ru", "ua", "eu", "cn", "jp", "tv", "pl", "nl", "ch", "es", "ly", "ai", "news",
];

struct Scanner<'a> {
    text: &'a str,
    /// The chunk's characters with their byte offsets.
    cs: &'a [(usize, char)],
    /// Byte offset just past the chunk.
    end: usize,
    out: &'a mut Vec<Token>,
}

impl Scanner<'_> {
    fn ch(&self, i: usize) -> Option<char> {
        self.cs.get(i).map(|&(_, c)| c)
    }

    fn off(&self, i: usize) -> usize {
        self.cs.get(i).map(|&(o, _)| o).unwrap_or(self.end)
    }

    fn push(&mut self, a: usize, b: usize, kind: TokenKind) {
        if a < b {
            self.out.push(Token {
                span: Span::new(self.off(a), self.off(b)),
                kind,
            });
        }
    }

    /// Skips join characters from `i`.
    fn joins(&self, mut i: usize) -> usize {
        while self.ch(i).is_some_and(is_join) {
            i += 1;
        }
        i
    }

    fn run(&mut self) {
        let n = self.cs.len();
        let (url_a, url_b) = self.find_url();
        let mut i = 0;
        while i < n {
            if i == url_a && url_a < url_b {
                self.push(url_a, url_b, TokenKind::Url);
                i = url_b;
                continue;
            }
            let limit = if i < url_a { url_a } else { n };
            let c = self.cs[i].1;
            let j = if c.is_alphabetic() {
                self.word(i, limit)
            } else if c.is_ascii_digit() {
                self.number(i, limit)
            } else {
                self.other(i, limit)
            };
            // Always make progress, whatever the helpers did.
            i = j.clamp(i + 1, limit.max(i + 1));
        }
    }

    /// Finds a URL or e-mail address in the chunk: `(start, end)` char
    /// indices, or `(n, n)` when there is none. Linear in the chunk.
    fn find_url(&self) -> (usize, usize) {
        let n = self.cs.len();
        let none = (n, n);
        let opening = |c: char| matches!(c, '(' | '[' | '<' | '"' | '\'' | '“' | '‘' | '«' | '{');
        let mut a = 0;
        while a < n && opening(self.cs[a].1) {
            a += 1;
        }
        // A scheme later in the chunk: `below:<http://...>`.
        let chunk = &self.text[self.off(0)..self.end];
        if let Some(k) = chunk.find("http://").or_else(|| chunk.find("https://")) {
            let at = self.off(0) + k;
            if let Ok(idx) = self.cs.binary_search_by_key(&at, |&(o, _)| o) {
                if idx > a && !self.cs[idx - 1].1.is_alphanumeric() {
                    a = idx;
                }
            }
        }
        if a >= n || !self.cs[a].1.is_alphanumeric() {
            return none;
        }
        let rest = &self.text[self.off(a)..self.end];
        let lower_starts = |p: &str| {
            rest.len() >= p.len()
                && rest.is_char_boundary(p.len())
                && rest[..p.len()].eq_ignore_ascii_case(p)
        };
        let is_url = if ["http://", "https://", "ftp://", "www.", "mailto:"]
            .iter()
            .any(|p| lower_starts(p))
        {
            true
        } else {
            self.looks_like_host_or_email(a)
        };
        if !is_url {
            return none;
        }
        // Strip trailing punctuation, keeping a `)` that closes a `(` inside.
        let (mut open, mut close) = (0usize, 0usize);
        for &(_, c) in &self.cs[a..n] {
            open += usize::from(c == '(');
            close += usize::from(c == ')');
        }
        let mut b = n;
        while b > a + 1 {
            let c = self.cs[b - 1].1;
            let strip = match c {
                '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’' | '»' | '>' | ']'
                | '}' => true,
                ')' => close > open,
                _ => false,
            };
            if !strip {
                break;
            }
            close -= usize::from(c == ')');
            b -= 1;
        }
        (a, b)
    }

    /// `name@host.tld` or `host.tld[/...]` starting at char `a`.
    fn looks_like_host_or_email(&self, a: usize) -> bool {
        let n = self.cs.len();
        let hostc = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
        let mut i = a;
        // Optional e-mail local part.
        let mut j = a;
        while j < n && (hostc(self.cs[j].1) || matches!(self.cs[j].1, '_' | '+' | '%')) {
            j += 1;
        }
        if j < n && self.cs[j].1 == '@' && j > a {
            i = j + 1;
        } else if self.cs[a..j]
            .iter()
            .any(|&(_, c)| matches!(c, '_' | '+' | '%'))
        {
            return false;
        }
        let host_start = i;
        while i < n && hostc(self.cs[i].1) {
            i += 1;
        }
        let mut host_end = i;
        while host_end > host_start && self.cs[host_end - 1].1 == '.' {
            host_end -= 1;
        }
        if host_end <= host_start {
            return false;
        }
        // The remainder after the host must be empty, trailing punctuation,
        // or a path/port.
        let after_ok = i >= n
            || matches!(self.cs[i].1, '/' | ':' | '?' | '#')
            || self.cs[i..].iter().all(|&(_, c)| !c.is_alphanumeric());
        if !after_ok {
            return false;
        }
        let host = &self.text[self.off(host_start)..self.off(host_end)];
        let Some((name, tld)) = host.rsplit_once('.') else {
            return false;
        };
        let is_email = host_start > a;
        name.chars().count() >= 2
            && name.chars().next().is_some_and(char::is_alphanumeric)
            && (TLDS.contains(&tld)
                || (is_email && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_lowercase())))
    }

    /// A word starting with a letter at `i`; returns where scanning resumes.
    fn word(&mut self, i: usize, limit: usize) -> usize {
        let run_end = |s: &Self, mut j: usize| {
            while j < limit {
                match s.ch(j) {
                    Some(c) if is_letter(c) || c.is_ascii_digit() => j += 1,
                    // `CONV_05`, `snake_case`
                    Some('_')
                        if j + 1 < limit && s.ch(j + 1).is_some_and(char::is_alphanumeric) =>
                    {
                        j += 1
                    }
                    _ => break,
                }
            }
            j
        };
        let mut j = run_end(self, i);
        // `US$`, `HK$`, `A$`: one symbol.
        if j - i <= 2
            && self.ch(j) == Some('$')
            && self.cs[i..j].iter().all(|&(_, c)| c.is_ascii_uppercase())
        {
            self.push(i, j + 1, TokenKind::Symbol);
            return j + 1;
        }
        // Acronyms with inner periods: U.S., e.g., Ph.D., a.m.
        if let Some(k) = self.acronym(i, j, limit) {
            self.push(i, k, TokenKind::Word);
            return k;
        }
        // Inner hyphens after a prefix, and `&` in AT&T.
        while let Some(c) = self.ch(j).filter(|_| j + 1 < limit) {
            let next = self.ch(j + 1).unwrap_or(' ');
            if c == '-' && next.is_alphanumeric() && j - i <= 8 {
                let left = self.lower(self.last_segment(i, j), j);
                if abbrev::contains(abbrev::HYPHEN_PREFIXES, &left) {
                    j = run_end(self, j + 1);
                    continue;
                }
            }
            if c == '&' && next.is_uppercase() && self.ch(j - 1).is_some_and(char::is_uppercase) {
                j = run_end(self, j + 1);
                continue;
            }
            break;
        }
        // A word cut short by a hyphen (`th- the`, `pro- and anti-war`).
        if j + 1 == self.cs.len() && self.ch(j) == Some('-') && j > i {
            self.push(i, j + 1, TokenKind::Word);
            return j + 1;
        }
        // Inner apostrophes: clitics split, others (O'Brien) kept.
        while j + 1 < limit && self.ch(j).is_some_and(is_apostrophe) {
            let k = run_end(self, j + 1);
            if k == j + 1 {
                break;
            }
            let suffix = self.lower(j + 1, k);
            if matches!(suffix.as_str(), "s" | "re" | "ll" | "ve" | "d" | "m") {
                self.push(i, j, TokenKind::Word);
                self.push(j, k, TokenKind::Clitic);
                return k;
            }
            if suffix == "t" && j >= i + 2 && matches!(self.ch(j - 1), Some('n' | 'N')) {
                self.push(i, j - 1, TokenKind::Word);
                self.push(j - 1, k, TokenKind::Clitic);
                return k;
            }
            j = k;
        }
        // Fused forms split as in the treebanks.
        if j - i >= 4 && j - i <= 8 {
            let w = self.lower(i, j);
            let cut = match w.as_str() {
                "cannot" => Some(3),
                "gonna" | "wanna" | "gotta" => Some(3),
                _ if abbrev::contains(BARE_NEGATIONS, &w) => Some(j - i - 2),
                _ => None,
            };
            if let Some(cut) = cut {
                self.push(i, i + cut, TokenKind::Word);
                self.push(i + cut, j, TokenKind::Word);
                return j;
            }
        }
        // A file name: `report.doc`, `ENRON.XLS`.
        if self.ch(j) == Some('.') && j + 1 < limit {
            let mut e = j + 1;
            while e < limit && e - j <= 5 && self.ch(e).is_some_and(|c| c.is_ascii_alphanumeric()) {
                e += 1;
            }
            let whole = e >= limit || !self.ch(e).is_some_and(char::is_alphanumeric);
            if e > j + 1 && whole && abbrev::contains(FILE_EXTENSIONS, &self.lower(j + 1, e)) {
                self.push(i, e, TokenKind::Word);
                return e;
            }
        }
        // A period after the word: abbreviations and initials keep it.
        if j < limit && self.ch(j) == Some('.') && self.keeps_period(i, j) {
            j += 1;
        }
        self.push(i, j, TokenKind::Word);
        j
    }

    /// Start of the last letter/digit segment of `[i, j)` (after an inner
    /// hyphen already accepted).
    fn last_segment(&self, i: usize, j: usize) -> usize {
        let mut s = j;
        while s > i && self.ch(s - 1).is_some_and(|c| c != '-') {
            s -= 1;
        }
        s
    }

    /// Lower-cased text of chars `[a, b)`.
    fn lower(&self, a: usize, b: usize) -> String {
        self.text[self.off(a)..self.off(b)].to_lowercase()
    }

    /// `U.S.`-like acronym starting at `i` whose first segment ends at `j`:
    /// segments of one or two letters joined by periods, at least two of
    /// them. Returns the end (after the final period, if any).
    fn acronym(&self, i: usize, j: usize, limit: usize) -> Option<usize> {
        let seg_ok = |a: usize, b: usize| {
            b > a && b - a <= 2 && self.cs[a..b].iter().all(|&(_, c)| is_letter(c))
        };
        if !seg_ok(i, j) || self.ch(j) != Some('.') {
            return None;
        }
        let mut segs = 1;
        let mut k = j + 1; // after a period
        loop {
            let mut e = k;
            while e < limit && self.ch(e).is_some_and(is_letter) {
                e += 1;
            }
            if e == k || !seg_ok(k, e) || self.ch(e).is_some_and(|c| c.is_ascii_digit()) {
                break;
            }
            segs += 1;
            if e < limit && self.ch(e) == Some('.') {
                k = e + 1;
            } else {
                // Final segment without a period (`U.S`): keep it if the
                // chunk goes on with punctuation only.
                if e >= limit || !self.ch(e).is_some_and(char::is_alphanumeric) {
                    k = e;
                }
                break;
            }
        }
        (segs >= 2).then_some(k.min(limit))
    }

    /// Whether the word `[i, j)`, followed by a period at `j`, keeps it.
    fn keeps_period(&self, i: usize, j: usize) -> bool {
        let w = &self.text[self.off(i)..self.off(j)];
        if abbrev::is_abbreviation(w) {
            return true;
        }
        let next = next_word(self.text, self.off(j + 1));
        if abbrev::contains(abbrev::BEFORE_NUMBER, w) {
            return next.chars().next().is_some_and(|c| c.is_ascii_digit());
        }
        // An initial: one capital letter, then a capitalised word that is not
        // a common sentence opener (`George W. Bush`, but `by G. The`).
        let mut chars = w.chars();
        let single = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
        single
            && j + 1 >= self.cs.len()
            && next.chars().next().is_some_and(char::is_uppercase)
            && !abbrev::contains(abbrev::SENTENCE_STARTERS, &next.to_lowercase())
    }

    /// A number starting with a digit at `i`.
    fn number(&mut self, i: usize, limit: usize) -> usize {
        let digits = |s: &Self, mut j: usize| {
            while j < limit && s.ch(j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
            j
        };
        let mut j = digits(self, i);
        // Inner separators followed by a digit.
        while j + 1 < limit
            && matches!(self.ch(j), Some(',' | '.' | ':' | '/'))
            && self.ch(j + 1).is_some_and(|c| c.is_ascii_digit())
        {
            let e = digits(self, j + 1);
            // A comma only groups thousands: `1,000` but `[13,14]`.
            if self.ch(j) == Some(',') && e - j != 4 {
                break;
            }
            j = e;
        }
        // A list number opening a line: `1.`, `2.1.`
        if j + 1 == self.cs.len() && self.ch(j) == Some('.') && starts_line(self.text, self.off(i))
        {
            self.push(i, j + 1, TokenKind::Number);
            return j + 1;
        }
        // Hyphen groups: dates and phone numbers stay whole, ranges split.
        let mut groups = vec![(i, j)];
        let mut k = j;
        while k + 1 < limit
            && self.ch(k) == Some('-')
            && self.ch(k + 1).is_some_and(|c| c.is_ascii_digit())
        {
            let e = digits(self, k + 1);
            groups.push((k + 1, e));
            k = e;
            if groups.len() > 8 {
                break;
            }
        }
        if groups.len() >= 3
            || (groups.len() == 2
                && groups[0].1 - groups[0].0 == 3
                && groups[1].1 - groups[1].0 == 4)
        {
            j = k;
        }
        // Ordinal and plural suffixes.
        let mut e = j;
        while e < limit && self.ch(e).is_some_and(char::is_alphabetic) && e - j <= 3 {
            e += 1;
        }
        if e > j && !self.ch(e).is_some_and(char::is_alphanumeric) {
            let suf = self.lower(j, e);
            if matches!(suf.as_str(), "st" | "nd" | "rd" | "th" | "s") {
                j = e;
            }
        }
        j = self.joins(j);
        // An apostrophe-s after a number (`1990's`).
        if j + 1 < limit
            && self.ch(j).is_some_and(is_apostrophe)
            && matches!(self.ch(j + 1), Some('s' | 'S'))
        {
            let after = self.ch(j + 2);
            if j + 2 >= limit || !after.is_some_and(char::is_alphanumeric) {
                self.push(i, j, TokenKind::Number);
                self.push(j, j + 2, TokenKind::Clitic);
                return j + 2;
            }
        }
        self.push(i, j, TokenKind::Number);
        j
    }

    /// End of an emoticon (`:)`, `;-)`, `:(`) at `i` ending the chunk, or `i`.
    fn emoticon(&self, i: usize, limit: usize) -> usize {
        let mut k = i + 1;
        if self.ch(k) == Some('-') {
            k += 1;
        }
        let mouth = |c: char| matches!(c, ')' | '(' | 'D' | 'P' | 'p');
        if k < limit && self.ch(k).is_some_and(mouth) {
            let mut e = k + 1;
            while e < limit && self.ch(e) == self.ch(k) && matches!(self.ch(k), Some(')' | '(')) {
                e += 1;
            }
            if e >= self.cs.len() {
                return e;
            }
        }
        i
    }

    /// Punctuation and symbols at `i`.
    fn other(&mut self, i: usize, limit: usize) -> usize {
        let c = self.cs[i].1;
        let run = |s: &Self, pred: &dyn Fn(char) -> bool| {
            let mut j = i + 1;
            while j < limit && s.ch(j).is_some_and(|c| pred(c) || is_join(c)) {
                j += 1;
            }
            j
        };
        let (j, kind) = match c {
            '#' | '@' if i + 1 < limit && self.ch(i + 1).is_some_and(char::is_alphabetic) => {
                // `#hashtag`, `@handle`
                let mut k = i + 1;
                while k < limit
                    && self
                        .ch(k)
                        .is_some_and(|c| is_letter(c) || c.is_ascii_digit() || c == '_')
                {
                    k += 1;
                }
                (k, TokenKind::Word)
            }
            ':' | ';' if self.emoticon(i, limit) > i => {
                (self.emoticon(i, limit), TokenKind::Symbol)
            }
            '.' | '!' | '?' => (
                run(self, &|d| matches!(d, '.' | '!' | '?')),
                TokenKind::Punct,
            ),
            '-' | '—' | '–' | '*' | '=' | '_' | '~' | '#' => {
                let kind = if matches!(c, '-' | '—' | '–' | '*' | '_') {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                (run(self, &|d| d == c), kind)
            }
            '\'' | '’' | '‘' | '`' => {
                // `'90s`
                let k = {
                    let mut k = i + 1;
                    while k < limit && self.ch(k).is_some_and(|c| c.is_ascii_digit()) {
                        k += 1;
                    }
                    k
                };
                if k == i + 3
                    && matches!(self.ch(k), Some('s'))
                    && !self.ch(k + 1).is_some_and(char::is_alphanumeric)
                {
                    (k + 1, TokenKind::Number)
                } else if c == '`' {
                    (run(self, &|d| d == '`'), TokenKind::Punct)
                } else {
                    (self.joins(i + 1), TokenKind::Punct)
                }
            }
            _ if is_currency(c) => (self.joins(i + 1), TokenKind::Symbol),
            _ if c.is_ascii_punctuation()
                && !matches!(c, '%' | '&' | '+' | '<' | '>' | '^' | '|' | '$' | '@') =>
            {
                (self.joins(i + 1), TokenKind::Punct)
            }
            _ if matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '«' | '»' | '¡' | '¿' | '·' | '§' | '¶')
                && !matches!(c, '\u{2030}' | '\u{2031}' | '\u{2032}'..='\u{2037}') =>
            {
                (self.joins(i + 1), TokenKind::Punct)
            }
            _ if c.is_numeric() => {
                let mut k = i + 1;
                while k < limit && self.ch(k).is_some_and(|c| c.is_numeric() || is_join(c)) {
                    k += 1;
                }
                (k, TokenKind::Number)
            }
            _ => (self.joins(i + 1), TokenKind::Symbol),
        };
        let j = j.min(limit).max(i + 1);
        self.push(i, j, kind);
        j
    }
}

/// The word (letters or digits, at most 32 bytes) after the whitespace at
/// byte `at`; empty when something else comes first.
fn next_word(text: &str, at: usize) -> &str {
    let Some(rest) = text.get(at..) else {
        return "";
    };
    let rest = rest.trim_start();
    let end = rest
        .char_indices()
        .take_while(|&(k, c)| k < 32 && c.is_alphanumeric())
        .last()
        .map(|(k, c)| k + c.len_utf8())
        .unwrap_or(0);
    &rest[..end]
}

/// True when byte `at` starts a line: only spaces or tabs since the last
/// line break or the start of the text.
fn starts_line(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.is_empty() || trimmed.ends_with(['\n', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s)
            .iter()
            .map(|t| &s[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn clitics_and_quotes() {
        assert_eq!(toks("Ukraine’s war"), ["Ukraine", "’s", "war"]);
        assert_eq!(
            toks("I don't, can't, won't."),
            ["I", "do", "n't", ",", "ca", "n't", ",", "wo", "n't", "."]
        );
        assert_eq!(
            toks("we're they'll I've he'd I'm"),
            ["we", "'re", "they", "'ll", "I", "'ve", "he", "'d", "I", "'m"]
        );
        assert_eq!(
            toks("O'Brien's parents' cannot"),
            ["O'Brien", "'s", "parents", "'", "can", "not"]
        );
        assert_eq!(
            toks("“It will,” he said."),
            ["“", "It", "will", ",", "”", "he", "said", "."]
        );
    }

    #[test]
    fn abbreviations_numbers_symbols() {
        assert_eq!(
            toks("Mr. Smith of the U.S. and U.K."),
            ["Mr.", "Smith", "of", "the", "U.S.", "and", "U.K."]
        );
        assert_eq!(
            toks("$560 and €5bn, 1,000 or 3.5%"),
            ["$", "560", "and", "€", "5", "bn", ",", "1,000", "or", "3.5", "%"]
        );
        assert_eq!(
            toks("on 9/11 and 2023-09-28 in the 1990s, 3rd"),
            [
                "on",
                "9/11",
                "and",
                "2023-09-28",
                "in",
                "the",
                "1990s",
                ",",
                "3rd"
            ]
        );
        assert_eq!(
            toks("George W. Bush said so."),
            ["George", "W.", "Bush", "said", "so", "."]
        );
        assert_eq!(toks("No. 1 said no."), ["No.", "1", "said", "no", "."]);
        assert_eq!(
            toks("e.g. this, i.e. that"),
            ["e.g.", "this", ",", "i.e.", "that"]
        );
    }

    #[test]
    fn dashes_hyphens_urls() {
        assert_eq!(
            toks("a long-range, full-scale war—now"),
            ["a", "long", "-", "range", ",", "full", "-", "scale", "war", "—", "now"]
        );
        assert_eq!(
            toks("non-profit e-mail co-founder"),
            ["non-profit", "e-mail", "co-founder"]
        );
        assert_eq!(
            toks("wait -- no... 2019-2020"),
            ["wait", "--", "no", "...", "2019", "-", "2020"]
        );
        assert_eq!(
            toks("(see https://example.com/a_b?x=1)."),
            ["(", "see", "https://example.com/a_b?x=1", ")", "."]
        );
        assert_eq!(
            toks("Mail jo.doe@un.org, or www.nato.int."),
            ["Mail", "jo.doe@un.org", ",", "or", "www.nato.int", "."]
        );
        assert_eq!(toks("Amazon.com said"), ["Amazon.com", "said"]);
        assert_eq!(tokenize("see www.x.org")[1].kind, TokenKind::Url);
    }

    #[test]
    fn web_and_list_shapes() {
        assert_eq!(toks("1. Intro\n2.1. Next"), ["1.", "Intro", "2.1.", "Next"]);
        assert_eq!(
            toks("refs [13,14] and 1,000"),
            ["refs", "[", "13", ",", "14", "]", "and", "1,000"]
        );
        assert_eq!(
            toks("#IStandWithAhmed @POTUS :) US$20"),
            ["#IStandWithAhmed", "@POTUS", ":)", "US$", "20"]
        );
        assert_eq!(
            toks("see ENRON.XLS, dont"),
            ["see", "ENRON.XLS", ",", "do", "nt"]
        );
        assert_eq!(
            toks("below:<http://a.org/x>"),
            ["below", ":", "<", "http://a.org/x", ">"]
        );
    }
}
