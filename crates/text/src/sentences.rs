//! The sentence splitter: groups the tokens of [`crate::tokenize`] into
//! sentences, as ranges of token indices covering every token in order.
//!
//! Rules, in order (one pass, linear in the number of tokens; every look
//! ahead or back is bounded), learnt from UD English EWT and GUM (train and
//! dev only):
//!
//! 1. A line break between two tokens always ends a sentence: news text has
//!    one paragraph per line, and headlines carry no final punctuation.
//! 2. A sentence may end after a terminal token: a run of `. ! ?`, `…`, or a
//!    word the tokenizer ended with a period (`U.S.`, `Inc.`, `J.`). Closing
//!    quotes and brackets right after it belong to the same sentence
//!    (`... he said.” Next`); a straight quote counts as closing when no
//!    space precedes it. So do reference marks (`... in 1971. [1]`) and an
//!    emoticon (`... a void. :)`).
//! 3. Whether it does end depends on what follows (skipping opening quotes
//!    and brackets): nothing follows, or a space and then a capital, a digit
//!    or an opening quote → boundary; more punctuation (`...,`) or no space
//!    (`U.S.-led`) → none. A quoted question or exclamation goes on with a
//!    verb of saying (`“Sorry!” I say.`, `“Why?” Pete asked.`). A lower-case
//!    word ends the sentence only after a plain `.`, `?` or `!` that follows
//!    a word (`... in a month. i tried`, `... in 1971. (credit: ...)`), not
//!    after a quotation (`“Why?” he asked`), `...`, a one-letter
//!    abbreviation (`(b. 1949)`) or a short capitalised word (`Mass. and`).
//! 4. After an abbreviation, titles (`Mr.`, `Gen.`, `St.`) and initials
//!    (`George W. Bush`, `J. R. R. Tolkien`) never end a sentence; other
//!    abbreviations and acronyms (`U.S.`, `Inc.`) end one only when the next
//!    word is a capitalised common sentence opener (`in the U.S. The next
//!    day`, but `the U.S. Senate`); `etc.` before any capital does.
//! 5. A list number at the start of a sentence (`1.`, `a.`, `*2.`) or a
//!    figure number (`Figure 1.`) does not end it.
//! 6. Without terminal punctuation, a sentence ends on the same line before
//!    a date line that follows a headline (`... in Mecca crane collapse
//!    Saturday, September 12, 2015`) and after it; after a dateline opening
//!    a line (`KYIV, Ukraine —`, `WASHINGTON (AP) —`); after a figure
//!    number opening a line (`Figure 1.5 The Fall ...`); before a capitalised
//!    opener and a lower-case word (`... of DAB In the Kowloon West`), an
//!    opener after a number (`May 7, 2015 On Tuesday`), a caption head
//!    (`... in Milan Image: Reuters`) or a numbered list after a colon
//!    (`my comments: 1. In ...`); and before a capital after a web address
//!    or an emoticon.

use crate::abbrev;
use crate::Token;
use std::ops::Range;

/// The text and tokens, with total (panic-free) accessors.
struct Cx<'t> {
    text: &'t str,
    tokens: &'t [Token],
}

impl<'t> Cx<'t> {
    /// The text of token `i`, or `""` past the end.
    fn tok(&self, i: usize) -> &'t str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.span.start..t.span.end))
            .unwrap_or("")
    }

    /// The text between token `i` and token `i + 1`.
    fn gap(&self, i: usize) -> &'t str {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) if a.span.end <= b.span.start => {
                self.text.get(a.span.end..b.span.start).unwrap_or("")
            }
            _ => "",
        }
    }

    /// True when a line break separates token `i` from token `i + 1`.
    fn line_break(&self, i: usize) -> bool {
        self.gap(i).contains(['\n', '\r', '\u{2028}', '\u{2029}'])
    }

    /// True when token `i` opens a line (or the text).
    fn line_start(&self, i: usize) -> bool {
        i == 0 || self.line_break(i - 1)
    }
}

/// Splits the tokens of `text` into sentences: ranges of token indices,
/// non-empty, in order, covering all tokens.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let cx = Cx { text, tokens };
    let mut out = Vec::new();
    let n = tokens.len();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        // Boundary after token `end - 1`?
        let mut end = i + 1;
        let mut boundary = cx.line_break(i);
        if !boundary {
            if let Some(term) = terminal(cx.tok(i)) {
                // Absorb closing quotes, brackets and further terminals.
                let mut closed = false;
                while end < n && cx.gap(end - 1).is_empty() && is_closing(cx.tok(end)) {
                    closed |= terminal(cx.tok(end)).is_none();
                    end += 1;
                }
                // Reference marks: `... in 1971. [1] [2]`
                while end + 2 < n
                    && cx.tok(end) == "["
                    && cx.tok(end + 1).bytes().all(|b| b.is_ascii_digit())
                    && cx.tok(end + 2) == "]"
                    && !cx.line_break(end - 1)
                {
                    end += 3;
                }
                // An emoticon closing the sentence: `... a void. :) Next`
                if end < n && is_emoticon(cx.tok(end)) && !cx.line_break(end - 1) {
                    end += 1;
                }
                boundary = end >= n
                    || cx.line_break(end - 1)
                    || ends_here(&cx, term, start, i, end, closed);
            } else if end < n && !cx.gap(i).is_empty() {
                boundary = unpunctuated_boundary(&cx, start, i);
            }
        }
        if boundary || end >= n {
            out.push(start..end);
            start = end;
        }
        i = end;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// `.`, `!`, `?` or a run of them, `…`.
    Punct,
    /// A word ending with a period (abbreviation, acronym, initial).
    Abbrev,
}

fn terminal(t: &str) -> Option<Terminal> {
    if !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇'))
    {
        return Some(Terminal::Punct);
    }
    if t.len() > 1 && t.ends_with('.') && t.chars().next().is_some_and(char::is_alphabetic) {
        return Some(Terminal::Abbrev);
    }
    None
}

/// Words that, capitalised after a lower-case word or a number and followed
/// by a lower-case word, start a sentence even without punctuation before
/// them (`... any constituency In the New Territories ...`).
const OPENERS: &[&str] = &[
    "In",
    "On",
    "At",
    "The",
    "This",
    "These",
    "After",
    "During",
    "When",
    "While",
    "It",
    "If",
    "Here",
    "Several",
    "Despite",
    "Although",
    "Since",
    "Even",
    "Some",
    "According",
    "Please",
    "Sorry",
];

/// Words that head a caption (`Image: Reuters`).
const CAPTION_HEADS: &[&str] = &[
    "Image",
    "Photo",
    "Photograph",
    "Picture",
    "Video",
    "Credit",
    "Source",
    "File",
];

/// Words that head a figure caption (`Figure 1.5 The Fall of the Alamo`).
const FIGURE_HEADS: &[&str] = &["Figure", "Fig.", "Table", "Map", "Chart", "Exhibit"];

/// Verbs of saying that, after a quoted question or exclamation and a name
/// or pronoun, continue its sentence (`“Sorry!” I say.`, `“Why?” Pete
/// asked.`).
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "asked",
    "asks",
    "ask",
    "replied",
    "replies",
    "cried",
    "called",
    "shouted",
    "howled",
    "added",
    "wrote",
    "whispered",
    "yelled",
    "screamed",
    "exclaimed",
    "answered",
    "continued",
    "laughed",
    "sighed",
    "muttered",
    "started",
    "began",
    "begged",
    "demanded",
    "insisted",
    "repeated",
    "snapped",
    "wondered",
    "joked",
    "told",
];

/// Week days, which open the date line of a news article (`Tuesday,
/// September 1, 2015`).
pub const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names and their abbreviations, as in dates.
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
];

/// Words after which a week day continues the sentence (`on Tuesday, May
/// 5, 2015`), even when a date line would otherwise follow a headline.
const BEFORE_DATE: &[&str] = &[
    "on",
    "last",
    "next",
    "this",
    "that",
    "every",
    "each",
    "by",
    "since",
    "until",
    "till",
    "from",
    "to",
    "of",
    "before",
    "after",
    "and",
    "or",
    "but",
    "the",
    "through",
    "between",
    "as",
    "at",
    "in",
    "for",
    "except",
    "including",
    "than",
    "late",
    "early",
    "until",
    "said",
    "says",
];

fn is_closing(t: &str) -> bool {
    matches!(
        t,
        "”" | "’" | "\"" | "'" | ")" | "]" | "}" | "»" | "''" | "›"
    ) || (t.chars().all(|c| matches!(c, '.' | '!' | '?' | '…')) && !t.is_empty())
}

fn is_opening(t: &str) -> bool {
    matches!(
        t,
        "“" | "‘" | "\"" | "'" | "(" | "[" | "{" | "«" | "``" | "‹" | "—" | "–" | "-" | "--"
    )
}

/// `*`, `**`: markdown emphasis left in the text.
fn is_emphasis(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c == '*')
}

fn is_dash(t: &str) -> bool {
    matches!(t, "—" | "–" | "-" | "--" | "---")
}

/// `:)`, `:-(`, `;)`, `:D` and the like.
fn is_emoticon(t: &str) -> bool {
    t.strip_prefix([':', ';', '='])
        .is_some_and(|rest| matches!(rest, ")" | "(" | "-)" | "-(" | "D" | "-D" | "P" | "p"))
}

fn capitalised(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

fn is_word(t: &str) -> bool {
    t.chars().last().is_some_and(char::is_alphanumeric)
}

fn digits(t: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// `12`, `1.5`, `3.2.1`
fn is_number(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Whether `t` names a month (`March`, `MARCH`, `Sept.`).
fn is_month(t: &str) -> bool {
    MONTHS.iter().any(|m| m.eq_ignore_ascii_case(t))
}

/// Whether `t` names a week day (`Tuesday`, `TUESDAY`).
fn is_weekday(t: &str) -> bool {
    WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(t))
}

/// The number of tokens of a full date starting at token `s` (`Tuesday,
/// September 1, 2015`, `March 3, 2021`, `1 September 2015`), or 0.
fn date_len(cx: &Cx, s: usize) -> usize {
    let mut k = s;
    if is_weekday(cx.tok(k)) && cx.tok(k + 1) == "," {
        k += 2;
    }
    let (a, b) = (cx.tok(k), cx.tok(k + 1));
    if is_month(a) && digits(b, 1, 2) {
        k += 2;
        if cx.tok(k) == "," {
            k += 1;
        }
    } else if digits(a, 1, 2) && is_month(b) {
        k += 2;
    } else {
        return 0;
    }
    if digits(cx.tok(k), 4, 4) {
        k + 1 - s
    } else {
        0
    }
}

/// A boundary after token `i`, which is no terminal, before token `i + 1`
/// on the same line (the sentence so far starts at token `start`).
fn unpunctuated_boundary(cx: &Cx, start: usize, i: usize) -> bool {
    let (prev, next, after) = (cx.tok(i), cx.tok(i + 1), cx.tok(i + 2));
    let word = is_word(prev) && !prev.contains('.');
    let number = !prev.is_empty() && prev.bytes().all(|b| b.is_ascii_digit());
    // `... of DAB In the Kowloon West ...`, `May 7, 2015 On Tuesday`
    if word && OPENERS.contains(&next) && after.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    if number && OPENERS.contains(&next) {
        return true;
    }
    // `... in Milan Image: Reuters`
    if word && after == ":" && CAPTION_HEADS.contains(&next) {
        return true;
    }
    // A date line that follows a headline on the same line, and what
    // follows it: `Hackers attack website Sunday, January 20, 2008 Wikinews
    // has learned ...`
    if (word || is_closing(prev))
        && is_weekday(next)
        && !abbrev::contains(BEFORE_DATE, &prev.to_lowercase())
    {
        let l = date_len(cx, i + 1);
        if l > 0 {
            let last = i + l;
            return last + 1 >= cx.tokens.len()
                || cx.line_break(last)
                || (capitalised(cx.tok(last + 1)) && !cx.gap(last).is_empty());
        }
    }
    if capitalised(next) && date_len(cx, start) == i + 1 - start {
        return true;
    }
    // A figure number opening a line before its caption: `Figure 1.5 The
    // Fall of the Alamo ...`
    if i == start + 1
        && capitalised(next)
        && cx.line_start(start)
        && FIGURE_HEADS.contains(&cx.tok(start))
        && is_number(prev)
    {
        return true;
    }
    // A dateline: `KYIV, Ukraine — The ...`, `WASHINGTON (AP) — ...`
    if is_dash(prev) && capitalised(next) && i > start && !cx.gap(i - 1).is_empty() {
        return dateline(cx, start, i);
    }
    // A numbered list after a colon: `... my comments: 1. In Section ...`
    if prev == ":" && digits(next, 1, 2) && after == "." && capitalised(cx.tok(i + 3)) {
        return true;
    }
    // After a web address: `... at http://example.com/a.txt Judge Alito ...`
    if capitalised(next) && (prev.starts_with("http") || prev.starts_with("www.")) {
        return true;
    }
    // After an emoticon: `... so far :) Next`
    is_emoticon(prev) && capitalised(next) && i > start && !cx.gap(i - 1).is_empty()
}

/// Whether tokens `start..dash`, opening a line, are a dateline (`KYIV,
/// Ukraine`, `NEW DELHI`, `WASHINGTON (CNN)`) before the dash at `dash`,
/// which a sentence follows (a lower-case word soon after, on that line).
fn dateline(cx: &Cx, start: usize, dash: usize) -> bool {
    if !cx.line_start(start) || dash - start > 8 {
        return false;
    }
    let (mut comma, mut caps) = (false, true);
    for k in start..dash {
        let t = cx.tok(k);
        match t {
            "," => comma = true,
            "(" | ")" => {}
            _ if capitalised(t) => {
                caps &= t.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !t.chars().any(char::is_lowercase);
            }
            _ => return false,
        }
    }
    if !(comma || caps) || !capitalised(cx.tok(start)) {
        return false;
    }
    let mut k = dash + 1;
    while k < cx.tokens.len() && k <= dash + 8 && !cx.line_break(k - 1) {
        if cx.tok(k).chars().next().is_some_and(char::is_lowercase) {
            return true;
        }
        k += 1;
    }
    false
}

/// Decides whether the sentence `start..end`, whose terminal token `i` made
/// `term`, ends before token `end`, which exists and is on the same line.
/// `closed`: a closing quote or bracket follows the terminal.
fn ends_here(cx: &Cx, term: Terminal, start: usize, i: usize, end: usize, closed: bool) -> bool {
    if cx.gap(end - 1).is_empty() {
        return missing_space(cx, term, start, i, end);
    }
    let here = cx.tok(i);
    let before = if i > start && cx.gap(i - 1).is_empty() {
        cx.tok(i - 1)
    } else {
        ""
    };
    if term == Terminal::Punct && here == "." {
        // A list number or letter opening the sentence: `1.`, `b.`, `IV.`
        let bullet = i == start + 1 || (i == start + 2 && matches!(cx.tok(start), "*" | "(" | "#"));
        if bullet && (before.chars().all(|c| c.is_ascii_digit()) || before.chars().count() == 1) {
            return false;
        }
        // A one-letter abbreviation: `(b. 1949)`, `(d. 1975)`
        if before.len() == 1
            && before.bytes().all(|b| b.is_ascii_lowercase())
            && before != "i"
            && (i == start + 1 || cx.tok(i - 2) == "(" || !cx.gap(i - 2).is_empty())
        {
            return false;
        }
        // A figure number: `Figure 1. Original and mutant application.`
        if i == start + 2 && FIGURE_HEADS.contains(&cx.tok(start)) && is_number(before) {
            return false;
        }
    }
    // The first word of what follows, past opening quotes and brackets.
    // A list item run into the text after its dash (`... jobs. - **Apple**
    // announced`, markdown flattened to one line) skips its emphasis marks.
    let mut k = end;
    let mut emphasis = false;
    while k < cx.tokens.len()
        && k < end + 4
        && (is_opening(cx.tok(k)) || (k > end && is_emphasis(cx.tok(k))))
    {
        emphasis |= is_emphasis(cx.tok(k));
        k += 1;
    }
    let next = cx.tok(k);
    let Some(c) = next.chars().next() else {
        return true;
    };
    let capital = c.is_uppercase() || (!c.is_lowercase() && c.is_alphabetic());
    match term {
        Terminal::Punct => {
            // `“Sorry!” I say.`, `“Why?” Pete asked.`
            if closed
                && k == end
                && capital
                && !here.contains('.')
                && abbrev::contains(SPEECH_VERBS, cx.tok(k + 1))
            {
                return false;
            }
            if c.is_lowercase() {
                // `... it. then ...` in careless text, `... in 1971. (credit:
                // ...)`; not after `...`, a quotation (`“Why?” he asked`) or
                // a short capitalised word (an unlisted abbreviation:
                // `Mass. and`).
                return !closed
                    && (k == end || (k == end + 1 && cx.tok(end) == "("))
                    && (here == "." || !here.contains(['.', '…']))
                    && is_word(before)
                    && before.chars().count() > 1
                    && !(capitalised(before) && before.chars().count() <= 4);
            }
            capital || c.is_ascii_digit() || (k > end && c.is_alphanumeric())
        }
        Terminal::Abbrev => {
            let bare = here.strip_suffix('.').unwrap_or(here);
            if abbrev::contains(abbrev::TITLES, bare)
                || abbrev::contains(abbrev::BEFORE_NUMBER, bare)
                || bare.chars().count() == 1
            {
                return false;
            }
            if !capital {
                return false;
            }
            // `... in the U.S. - **Apple** announced`: a bold list item.
            if emphasis && is_dash(cx.tok(end)) {
                return true;
            }
            if bare == "etc" || (CAPTION_HEADS.contains(&next) && cx.tok(k + 1) == ":") {
                return true;
            }
            abbrev::contains(abbrev::SENTENCE_STARTERS, &next.to_lowercase())
        }
    }
}

/// A full stop with no space after it between two ordinary words, the
/// second capitalized (`support Kiev.The United States`: text whose spaces
/// were lost in conversion). Not `Node.js`, `U.S.`, `example.Com` style
/// names: the word before must be lowercase after its first letter and
/// three letters or more, the word after a capitalized word of lowercase
/// letters.
fn missing_space(cx: &Cx, term: Terminal, start: usize, i: usize, end: usize) -> bool {
    if term != Terminal::Punct || cx.tok(i) != "." || i == start || end != i + 1 {
        return false;
    }
    let before = cx.tok(i - 1);
    let after = cx.tok(end);
    let mut b = before.chars();
    let ordinary_before = before.chars().count() >= 3
        && b.next().is_some_and(char::is_alphabetic)
        && b.all(char::is_lowercase);
    let mut a = after.chars();
    let capital_after = after.chars().count() >= 2
        && a.next().is_some_and(char::is_uppercase)
        && a.all(char::is_lowercase);
    ordinary_before && capital_after && cx.gap(i - 1).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<String> {
        let toks = crate::tokenize(s);
        split_sentences(s, &toks)
            .into_iter()
            .map(|r| s[toks[r.start].span.start..toks[r.end - 1].span.end].to_string())
            .collect()
    }

    #[test]
    fn basic_and_quotes() {
        assert_eq!(
            sents("It rained. Then it stopped! Why? No."),
            ["It rained.", "Then it stopped!", "Why?", "No."]
        );
        assert_eq!(
            sents("“It matters,” he said. “We won.” Next came Mr. Zelensky’s office."),
            [
                "“It matters,” he said.",
                "“We won.”",
                "Next came Mr. Zelensky’s office."
            ]
        );
        assert_eq!(sents("“Why?” he asked."), ["“Why?” he asked."]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents("He lives in the U.S. The next day he left."),
            ["He lives in the U.S.", "The next day he left."]
        );
        assert_eq!(
            sents("The U.S. Senate met. Gen. Mark Milley spoke."),
            ["The U.S. Senate met.", "Gen. Mark Milley spoke."]
        );
        assert_eq!(
            sents("J. R. R. Tolkien met George W. Bush. Ok."),
            ["J. R. R. Tolkien met George W. Bush.", "Ok."]
        );
        assert_eq!(
            sents("Apples, pears, etc. The end."),
            ["Apples, pears, etc.", "The end."]
        );
    }

    #[test]
    fn list_items_run_into_one_line() {
        assert_eq!(
            sents("- **Apple** announced a plant. - **NVIDIA** will invest in the U.S. - **IBM** agreed."),
            [
                "- **Apple** announced a plant.",
                "- **NVIDIA** will invest in the U.S.",
                "- **IBM** agreed."
            ]
        );
        // A dash between two names after an abbreviation stays inside.
        assert_eq!(
            sents("Talks on the U.S. - Russia treaty resumed."),
            ["Talks on the U.S. - Russia treaty resumed."]
        );
    }

    #[test]
    fn newlines_lists_ellipses() {
        assert_eq!(
            sents("Headline here\nBody text. More\n\nLast"),
            ["Headline here", "Body text.", "More", "Last"]
        );
        assert_eq!(
            sents("1. Take it. 2. Leave it."),
            ["1. Take it.", "2. Leave it."]
        );
        assert_eq!(
            sents("Well... maybe so... or not."),
            ["Well... maybe so... or not."]
        );
        assert_eq!(sents("Wait... The end."), ["Wait...", "The end."]);
        assert!(split_sentences("", &[]).is_empty());
    }

    #[test]
    fn references_captions_and_missing_punctuation() {
        assert_eq!(
            sents("He left in 1971. [1] He came back."),
            ["He left in 1971. [1]", "He came back."]
        );
        assert_eq!(
            sents("A school in Milan Image: Reuters."),
            ["A school in Milan", "Image: Reuters."]
        );
        assert_eq!(
            sents("Thursday, May 7, 2015 On Tuesday, it rained."),
            ["Thursday, May 7, 2015", "On Tuesday, it rained."]
        );
        assert_eq!(sents("He told The Times so."), ["He told The Times so."]);
    }

    #[test]
    fn date_lines_and_datelines() {
        assert_eq!(
            sents("Hackers attack website Sunday, January 20, 2008 Wikinews has learned it."),
            [
                "Hackers attack website",
                "Sunday, January 20, 2008",
                "Wikinews has learned it."
            ]
        );
        assert_eq!(
            sents("He left on Sunday, January 20, 2008 and came back."),
            ["He left on Sunday, January 20, 2008 and came back."]
        );
        assert_eq!(
            sents("They met Sunday, January 20, 2008, in Paris."),
            ["They met Sunday, January 20, 2008, in Paris."]
        );
        assert_eq!(
            sents("KYIV, Ukraine — The army said it had advanced."),
            ["KYIV, Ukraine —", "The army said it had advanced."]
        );
        assert_eq!(
            sents("WASHINGTON (AP) — Lawmakers met on Monday."),
            ["WASHINGTON (AP) —", "Lawmakers met on Monday."]
        );
        assert_eq!(
            sents("The deal — The Times reported it — was signed."),
            ["The deal — The Times reported it — was signed."]
        );
        assert_eq!(
            sents("Figure 1.5 The Fall of the Alamo, painted in 1903."),
            ["Figure 1.5", "The Fall of the Alamo, painted in 1903."]
        );
    }

    #[test]
    fn lost_spaces_after_full_stops() {
        assert_eq!(
            sents("They would support Kiev.The United States will send a package.This is new."),
            [
                "They would support Kiev.",
                "The United States will send a package.",
                "This is new."
            ]
        );
        assert_eq!(
            sents("Node.js runs on example.com and the U.S.Army base."),
            ["Node.js runs on example.com and the U.S.Army base."]
        );
    }

    #[test]
    fn careless_text_and_dialogue() {
        assert_eq!(
            sents("he hasn't eaten in a month. i tried everything? no luck"),
            [
                "he hasn't eaten in a month.",
                "i tried everything?",
                "no luck"
            ]
        );
        assert_eq!(
            sents("“Sorry!” I say. “Why?” Pete asked. “Go!” Then he ran."),
            [
                "“Sorry!” I say.",
                "“Why?” Pete asked.",
                "“Go!”",
                "Then he ran."
            ]
        );
        assert_eq!(
            sents("Goode (b. March 2009) and Moreau (d. 1975) met in Mass. and left."),
            ["Goode (b. March 2009) and Moreau (d. 1975) met in Mass. and left."]
        );
        assert_eq!(
            sents("It grew in 1950. (credit: Ken Thomas)"),
            ["It grew in 1950.", "(credit: Ken Thomas)"]
        );
        assert_eq!(
            sents("See http://a.org/x Thanks :) Bye"),
            ["See http://a.org/x", "Thanks :)", "Bye"]
        );
        assert_eq!(
            sents("My comments: 1. In Section 2, add it."),
            ["My comments:", "1. In Section 2, add it."]
        );
    }
}
