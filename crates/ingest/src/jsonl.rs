//! JSON Lines collections: one JSON object per line, with the fields `id`,
//! `title`, `date`, `url`, `source` and `text` (others are ignored).

use crate::source::{read_line_bounded, Input, Line, Skip, SourceDoc};
use crate::Format;

/// Streams the documents of a JSON Lines input, one line at a time.
pub(crate) struct JsonlDocs {
    input: Input,
    name: String,
    max: usize,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlDocs {
    pub(crate) fn new(input: Input, name: &str, max: u64) -> JsonlDocs {
        JsonlDocs {
            input,
            name: name.to_string(),
            max: usize::try_from(max).unwrap_or(usize::MAX),
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl Iterator for JsonlDocs {
    type Item = Result<SourceDoc, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let read = read_line_bounded(&mut self.input, &mut self.buf, self.max);
            self.line_no += 1;
            let origin = format!("{}:{}", self.name, self.line_no);
            match read {
                Err(e) => {
                    // A read error (a truncated gzip stream) cannot be
                    // read past: stop this input.
                    self.done = true;
                    return Some(Err(Skip::new(origin, format!("cannot read further: {e}"))));
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong(n)) => {
                    return Some(Err(Skip::new(
                        origin,
                        format!("line of {n} bytes is over the {}-byte limit", self.max),
                    )))
                }
                Ok(Line::Read) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse_line(&self.buf, origin));
                }
            }
        }
        None
    }
}

/// Reads one line's object into a document.
fn parse_line(line: &[u8], origin: String) -> Result<SourceDoc, Skip> {
    let value: serde_json::Value = serde_json::from_slice(line)
        .map_err(|e| Skip::new(&origin, format!("malformed JSON: {e}")))?;
    let serde_json::Value::Object(obj) = value else {
        return Err(Skip::new(origin, "not a JSON object"));
    };
    let field = |key: &str| -> Result<Option<String>, Skip> {
        match obj.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => {
                let s = s.trim();
                Ok((!s.is_empty()).then(|| s.to_string()))
            }
            Some(other) => Err(Skip::new(
                &origin,
                format!("field `{key}` is {}, not a string", kind(other)),
            )),
        }
    };
    let Some(text) = field("text")? else {
        return Err(Skip::new(&origin, "no text (`text` missing or empty)"));
    };
    if text.contains('\0') {
        return Err(Skip::new(&origin, "text contains NUL characters"));
    }
    let id = field("id")?;
    let title = field("title")?;
    let date = field("date")?;
    let url = field("url")?;
    let outlet = field("source")?;
    let mut doc = SourceDoc::new(text, origin, Format::Jsonl);
    if let Some(d) = &date {
        doc.published = crate::date::iso_date(d);
        if doc.published.is_none() {
            doc.warnings
                .push(format!("unrecognized date {d:?} ignored"));
        }
    }
    doc.id = id;
    doc.title = title;
    doc.url = url;
    doc.outlet = outlet;
    Ok(doc)
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
