//! The sentence splitter: groups the tokens of [`crate::tokenize`] into
//! sentences, as ranges of token indices covering every token in order.
//!
//! Rules, in order (one pass, linear in the number of tokens):
//!
//! 1. A line break between two tokens always ends a sentence: news text has
//!    one paragraph per line, and headlines carry no final punctuation.
//! 2. A sentence may end after a terminal token: a run of `. ! ?`, `…`, or a
//!    word the tokenizer ended with a period (`U.S.`, `Inc.`, `J.`). Closing
//!    quotes and brackets right after it belong to the same sentence
//!    (`... he said.” Next`); a straight quote counts as closing when no
//!    space precedes it.
//! 3. Whether it does end depends on what follows (skipping opening quotes
//!    and brackets): nothing follows, or a space and then a capital, a digit
//!    or an opening quote → boundary; a lower-case word or more punctuation
//!    (`“Why?” he asked`, `...,`) → none; no space (`U.S.-led`) → none.
//! 4. After an abbreviation, titles (`Mr.`, `Gen.`, `St.`) and initials
//!    (`George W. Bush`, `J. R. R. Tolkien`) never end a sentence; other
//!    abbreviations and acronyms (`U.S.`, `Inc.`) end one only when the next
//!    word is a capitalised common sentence opener (`in the U.S. The next
//!    day`, but `the U.S. Senate`); `etc.` before any capital does.
//! 5. A list number at the start of a sentence (`1.`, `a.`) does not end
//!    it; reference marks after a sentence (`... in 1971. [1]`) belong to it.

use crate::abbrev;
use crate::Token;
use std::ops::Range;

/// Splits the tokens of `text` into sentences: ranges of token indices,
/// non-empty, in order, covering all tokens.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let tok = |i: usize| -> &str {
        tokens
            .get(i)
            .and_then(|t| text.get(t.span.start..t.span.end))
            .unwrap_or("")
    };
    let gap = |i: usize| -> &str {
        // Text between token i and token i + 1.
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(a), Some(b)) if a.span.end <= b.span.start => {
                text.get(a.span.end..b.span.start).unwrap_or("")
            }
            _ => "",
        }
    };
    let mut out = Vec::new();
    let n = tokens.len();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        // Boundary after token `end - 1`?
        let mut end = i + 1;
        let mut boundary = gap(i).contains(['\n', '\r', '\u{2028}', '\u{2029}']);
        if !boundary {
            if let Some(term) = terminal(tok(i)) {
                // Absorb closing quotes, brackets and further terminals.
                while end < n && gap(end - 1).is_empty() && is_closing(tok(end)) {
                    end += 1;
                }
                // Reference marks: `... in 1971. [1] [2]`
                while end + 2 < n
                    && tok(end) == "["
                    && tok(end + 1).bytes().all(|b| b.is_ascii_digit())
                    && tok(end + 2) == "]"
                    && !gap(end - 1).contains('\n')
                {
                    end += 3;
                }
                if end < n && !gap(end - 1).contains(['\n', '\r']) {
                    boundary =
                        ends_here(term, tok(i), &tokens[start..end], text, tokens, end, &gap);
                } else {
                    boundary = true;
                }
            } else if end < n && !gap(i).is_empty() {
                boundary = unpunctuated_boundary(tok(i), tok(end), tok(end + 1));
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
    "In", "On", "At", "The", "This", "These", "After", "During", "When", "While",
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

/// A boundary with no terminal punctuation before `next`: after a word, an
/// opener followed by a lower-case word (`... of DAB In the Kowloon West
/// ...`), an opener after a number (`May 7, 2015 On Tuesday`), or a caption
/// head (`... Milan Image: Reuters`).
fn unpunctuated_boundary(prev: &str, next: &str, after: &str) -> bool {
    let word = prev.chars().last().is_some_and(char::is_alphanumeric) && !prev.contains('.');
    let number = !prev.is_empty() && prev.bytes().all(|b| b.is_ascii_digit());
    if word && OPENERS.contains(&next) && after.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    if number && OPENERS.contains(&next) {
        return true;
    }
    word && after == ":" && CAPTION_HEADS.contains(&next)
}

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

/// Decides whether the sentence `[.., end)` (whose terminal made `term`)
/// ends before token `end`, which exists and is on the same line.
fn ends_here<'t>(
    term: Terminal,
    abbr: &str,
    sentence: &[Token],
    text: &'t str,
    tokens: &[Token],
    end: usize,
    gap: &dyn Fn(usize) -> &'t str,
) -> bool {
    let tok = |i: usize| -> &'t str {
        tokens
            .get(i)
            .and_then(|t| text.get(t.span.start..t.span.end))
            .unwrap_or("")
    };
    if gap(end - 1).is_empty() {
        return false;
    }
    // A list number or letter opening the sentence: `1.`, `b.`, `IV.`
    if sentence.len() == 2 && term == Terminal::Punct {
        let first = text
            .get(sentence[0].span.start..sentence[0].span.end)
            .unwrap_or("");
        let last = text
            .get(sentence[1].span.start..sentence[1].span.end)
            .unwrap_or("");
        if last == "." && (first.chars().all(|c| c.is_ascii_digit()) || first.chars().count() == 1)
        {
            return false;
        }
    }
    // The first word of what follows, past opening quotes and brackets.
    let mut k = end;
    while k < tokens.len() && k < end + 4 && is_opening(tok(k)) {
        k += 1;
    }
    let next = tok(k);
    let Some(c) = next.chars().next() else {
        return true;
    };
    let capital = c.is_uppercase() || (!c.is_lowercase() && c.is_alphabetic());
    match term {
        Terminal::Punct => {
            capital || c.is_ascii_digit() || (k > end && !c.is_lowercase() && c.is_alphanumeric())
        }
        Terminal::Abbrev => {
            let bare = abbr.strip_suffix('.').unwrap_or(abbr);
            if abbrev::contains(abbrev::TITLES, bare)
                || abbrev::contains(abbrev::BEFORE_NUMBER, bare)
                || bare.chars().count() == 1
            {
                return false;
            }
            if !capital {
                return false;
            }
            if bare == "etc" || (CAPTION_HEADS.contains(&next) && tok(k + 1) == ":") {
                return true;
            }
            abbrev::contains(abbrev::SENTENCE_STARTERS, &next.to_lowercase())
        }
    }
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
}
