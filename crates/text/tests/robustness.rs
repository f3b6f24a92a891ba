//! Property-style checks of the tokenizer and sentence splitter over tricky
//! and pseudo-random input: tokens are in order, non-overlapping, on char
//! boundaries and free of whitespace; sentences cover every token; nothing
//! panics and nothing is quadratic.

use chronicle_text::{split_sentences, tokenize, Doc};

/// Checks the invariants on `text` and returns the number of tokens.
fn check(text: &str) -> usize {
    let tokens = tokenize(text);
    let mut last_end = 0;
    for t in &tokens {
        let (a, b) = (t.span.start, t.span.end);
        assert!(a < b, "empty token at {a} in {text:?}");
        assert!(
            a >= last_end,
            "overlapping or unordered token at {a} in {text:?}"
        );
        assert!(b <= text.len(), "token past the end in {text:?}");
        assert!(
            text.is_char_boundary(a) && text.is_char_boundary(b),
            "off char boundary in {text:?}"
        );
        let s = &text[a..b];
        assert!(
            !s.chars().any(char::is_whitespace),
            "whitespace in token {s:?} of {text:?}"
        );
        last_end = b;
    }
    let sentences = split_sentences(text, &tokens);
    let mut next = 0;
    for r in &sentences {
        assert_eq!(
            r.start, next,
            "sentences must cover all tokens in order: {text:?}"
        );
        assert!(r.start < r.end, "empty sentence in {text:?}");
        next = r.end;
    }
    assert_eq!(
        next,
        tokens.len(),
        "sentences must cover all tokens: {text:?}"
    );
    tokens.len()
}

const TRICKY: &[&str] = &[
    "",
    " ",
    "\n\n\t ",
    "Mr. Zelensky’s office said “no.” Then—nothing.",
    "Sébastien Lecornu met Kuleba in Kyiv’s centre. 😀👍🏽 👨‍👩‍👧",
    "e\u{301}te\u{301} cafe\u{301}s \u{301}\u{301}start",
    "北京和上海。東京です！",
    "control\u{0}chars\u{7}and\u{1b}[0mescapes\u{feff}zero\u{200b}width",
    "'''''' \"\"\"\" ’’’ ‘‘ `` ´´",
    "$$$ €€5bn £1,000,000.00 US$20 HK$ 3.5% 9/11 2023-09-28 1990s' '90s",
    "http://x.com))))) (www.example.org/a(b)c). a@b.co @handle #tag",
    "U.S.A.B.C.D.E.F.G. e.g.,i.e.. ... .... ?!?! --- —— –– ** __",
    "don't can't won't cannot gonna y'all O'Neill rock'n'roll ’s n't 's",
    "1. First\n2. Second\n3.\n(a) item a) b.",
    "a-b-c-d-e non-non-non- pro- -anti x--y",
    "\u{2028}line\u{2029}para\r\nwindows\rmac",
    "ℌ𝔢𝔩𝔩𝔬 ﬁne ½ ² Ⅻ ٣٤٥ ߀",
    ":) :-( ;) :D :P :-))) ;",
    "Mr.",
    ".",
    "’",
    "U.S",
    "A. B. C. D.",
];

#[test]
fn tricky_strings_keep_invariants() {
    for t in TRICKY {
        check(t);
    }
}

#[test]
fn pseudo_random_strings_keep_invariants() {
    const ALPHABET: &[&str] = &[
        "a", "Z", "é", "\u{301}", "1", "0", ".", ",", "'", "’", "“", "”", "\"", "-", "—", "$", "€",
        "%", "/", ":", "@", "#", "(", ")", "[", "]", " ", " ", "\n", "\t", "😀", "\u{200d}",
        "http://", "www.", ".com", "Mr.", "U.S.", "n't", "'s", "...", "?", "!", "\u{0}", "北", "_",
        "&", "`",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        check(&s);
    }
}

#[test]
fn long_tokens_and_large_inputs_stay_linear() {
    let start = std::time::Instant::now();
    // One 100,000-character token of each shape.
    for unit in [
        "a",
        "1",
        "a.",
        "1,",
        "-",
        "a-",
        ")",
        "'",
        "http://x.com/",
        "U.",
        "é\u{301}",
        "😀",
    ] {
        let s = unit.repeat(100_000 / unit.chars().count().max(1));
        check(&s);
        check(&format!("({s})."));
    }
    // A few megabytes of news-like text.
    let para = "KYIV — Mr. Zelensky’s office said on Thursday that the U.S. had sent $560 million in aid, \
                “a long-range package,” and that 1,000 people left on 2023-09-28. Dr. J. R. R. Tolkien didn't. \
                See https://example.org/a?b=1 or mail press@nato.int.\n";
    let big = para.repeat(4_000_000 / para.len());
    let n = check(&big);
    assert!(n > 500_000);
    let doc = Doc::new(big);
    assert!(doc.sentences.len() >= 3 * 4_000_000 / para.len());
    assert!(
        start.elapsed().as_secs() < 60,
        "too slow: {:?}",
        start.elapsed()
    );
}
