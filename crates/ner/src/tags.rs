//! Entity types, the BILOU tag set, and conversions between CoNLL IOB1
//! tags, entity spans and BILOU tags.

use std::fmt;

/// The four CoNLL-2003 entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// Persons.
    Per,
    /// Organizations.
    Org,
    /// Locations.
    Loc,
    /// Miscellaneous names (nationalities, events, works, ...).
    Misc,
}

impl EntityType {
    /// All types, in tag order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
    ];

    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    /// Parses [`EntityType::as_str`] output.
    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s {
            "PER" => EntityType::Per,
            "ORG" => EntityType::Org,
            "LOC" => EntityType::Loc,
            "MISC" => EntityType::Misc,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity mention: tokens `[start, end)` of a sentence and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub label: EntityType,
}

/// Number of BILOU tags: `O` plus B, I, L, U for each of the four types.
pub const NTAGS: usize = 17;
/// The `O` tag.
pub const O: u8 = 0;

/// Position of a token in its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    B,
    I,
    L,
    U,
}

/// The BILOU tag id of `part` of an entity of `ty`.
pub fn tag(ty: EntityType, part: Part) -> u8 {
    (1 + ty.index() * 4 + part as usize) as u8
}

/// Splits a tag id into its type and part (`None` for `O`).
pub fn split(tag: u8) -> Option<(EntityType, Part)> {
    if tag == 0 || tag as usize >= NTAGS {
        return None;
    }
    let k = (tag - 1) as usize;
    let part = [Part::B, Part::I, Part::L, Part::U][k % 4];
    Some((EntityType::ALL[k / 4], part))
}

/// The tag's name (`O`, `B-PER`, `U-LOC`, ...).
pub fn tag_name(tag: u8) -> String {
    match split(tag) {
        None => "O".to_string(),
        Some((ty, p)) => format!("{}-{}", ["B", "I", "L", "U"][p as usize], ty.as_str()),
    }
}

/// True when BILOU allows `next` right after `prev` (`None` = sentence start).
pub fn allowed(prev: Option<u8>, next: u8) -> bool {
    let open = prev.and_then(split).and_then(|(ty, p)| match p {
        Part::B | Part::I => Some(ty),
        _ => None,
    });
    match (open, split(next)) {
        (Some(ty), Some((t2, Part::I | Part::L))) => ty == t2,
        (Some(_), _) => false,
        (None, None) => true,
        (None, Some((_, p))) => matches!(p, Part::B | Part::U),
    }
}

/// True when a sentence may end after `last`.
pub fn allowed_end(last: u8) -> bool {
    matches!(split(last), None | Some((_, Part::L | Part::U)))
}

/// One CoNLL IOB1 tag: `O`, `I-X` or `B-X`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Iob {
    O,
    I(EntityType),
    B(EntityType),
}

impl Iob {
    /// Parses `O`, `I-PER`, `B-LOC`, ...
    pub fn parse(s: &str) -> Option<Iob> {
        if s == "O" {
            return Some(Iob::O);
        }
        let (p, t) = s.split_once('-')?;
        let t = EntityType::parse(t)?;
        match p {
            "I" => Some(Iob::I(t)),
            "B" => Some(Iob::B(t)),
            _ => None,
        }
    }
}

/// Entity spans of an IOB1 sequence, read as conlleval does: a chunk starts
/// at `B-X`, or at `I-X` after `O` or another type.
pub fn iob1_to_spans(tags: &[Iob]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityType)> = None;
    for (i, t) in tags.iter().enumerate() {
        let starts = match (*t, cur) {
            (Iob::O, _) => None,
            (Iob::B(ty), _) => Some(ty),
            (Iob::I(ty), Some((_, c))) if c == ty => None,
            (Iob::I(ty), _) => Some(ty),
        };
        let ends = matches!(t, Iob::O) || starts.is_some();
        if ends {
            if let Some((s, ty)) = cur.take() {
                out.push(Entity {
                    start: s,
                    end: i,
                    label: ty,
                });
            }
        }
        if let Some(ty) = starts {
            cur = Some((i, ty));
        }
    }
    if let Some((s, ty)) = cur {
        out.push(Entity {
            start: s,
            end: tags.len(),
            label: ty,
        });
    }
    out
}

/// IOB1 tags of non-overlapping spans (`B-` only where a span touches a
/// previous span of the same type).
pub fn spans_to_iob1(n: usize, spans: &[Entity]) -> Vec<Iob> {
    let mut out = vec![Iob::O; n];
    let mut prev_end_type: Option<(usize, EntityType)> = None;
    for e in spans {
        for (k, slot) in out.iter_mut().enumerate().take(e.end.min(n)).skip(e.start) {
            *slot = if k == e.start && prev_end_type == Some((e.start, e.label)) {
                Iob::B(e.label)
            } else {
                Iob::I(e.label)
            };
        }
        prev_end_type = Some((e.end, e.label));
    }
    out
}

/// BILOU tag ids of non-overlapping spans.
pub fn spans_to_bilou(n: usize, spans: &[Entity]) -> Vec<u8> {
    let mut out = vec![O; n];
    for e in spans {
        if e.end > n || e.start >= e.end {
            continue;
        }
        if e.end - e.start == 1 {
            out[e.start] = tag(e.label, Part::U);
        } else {
            out[e.start] = tag(e.label, Part::B);
            for t in &mut out[e.start + 1..e.end - 1] {
                *t = tag(e.label, Part::I);
            }
            out[e.end - 1] = tag(e.label, Part::L);
        }
    }
    out
}

/// Spans of a BILOU sequence. Ill-formed pieces (which constrained decoding
/// never produces) are read leniently: a run of one type is one span.
pub fn bilou_to_spans(tags: &[u8]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, EntityType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let sp = split(t);
        match sp {
            None => {
                if let Some((s, ty)) = cur.take() {
                    out.push(Entity {
                        start: s,
                        end: i,
                        label: ty,
                    });
                }
            }
            Some((ty, p)) => {
                let continues = matches!(p, Part::I | Part::L) && cur.is_some_and(|c| c.1 == ty);
                if !continues {
                    if let Some((s, cty)) = cur.take() {
                        out.push(Entity {
                            start: s,
                            end: i,
                            label: cty,
                        });
                    }
                    cur = Some((i, ty));
                }
                if matches!(p, Part::L | Part::U) {
                    let (s, cty) = cur.take().expect("set above");
                    out.push(Entity {
                        start: s,
                        end: i + 1,
                        label: cty,
                    });
                }
            }
        }
    }
    if let Some((s, ty)) = cur {
        out.push(Entity {
            start: s,
            end: tags.len(),
            label: ty,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iob(s: &str) -> Vec<Iob> {
        s.split(' ').map(|t| Iob::parse(t).unwrap()).collect()
    }

    #[test]
    fn iob1_spans_bilou_round_trip() {
        let tags = iob("I-ORG O I-MISC O O O I-MISC O O I-PER I-PER B-PER I-LOC I-LOC O");
        let spans = iob1_to_spans(&tags);
        assert_eq!(
            spans,
            vec![
                Entity {
                    start: 0,
                    end: 1,
                    label: EntityType::Org
                },
                Entity {
                    start: 2,
                    end: 3,
                    label: EntityType::Misc
                },
                Entity {
                    start: 6,
                    end: 7,
                    label: EntityType::Misc
                },
                Entity {
                    start: 9,
                    end: 11,
                    label: EntityType::Per
                },
                Entity {
                    start: 11,
                    end: 12,
                    label: EntityType::Per
                },
                Entity {
                    start: 12,
                    end: 14,
                    label: EntityType::Loc
                },
            ]
        );
        let bilou = spans_to_bilou(tags.len(), &spans);
        let names: Vec<String> = bilou.iter().map(|&t| tag_name(t)).collect();
        assert_eq!(
            names.join(" "),
            "U-ORG O U-MISC O O O U-MISC O O B-PER L-PER U-PER B-LOC L-LOC O"
        );
        assert_eq!(bilou_to_spans(&bilou), spans);
        assert_eq!(spans_to_iob1(tags.len(), &spans), tags);
        // Every gold sequence is allowed by the transition constraints.
        let mut prev = None;
        for &t in &bilou {
            assert!(allowed(prev, t), "{prev:?} -> {t}");
            prev = Some(t);
        }
        assert!(allowed_end(*bilou.last().unwrap()));
    }

    #[test]
    fn b_tag_at_start_and_type_change() {
        let tags = iob("B-PER I-ORG I-ORG I-PER");
        let spans = iob1_to_spans(&tags);
        assert_eq!(spans.len(), 3);
        assert_eq!(
            spans[1],
            Entity {
                start: 1,
                end: 3,
                label: EntityType::Org
            }
        );
    }

    #[test]
    fn constraints() {
        let b_per = tag(EntityType::Per, Part::B);
        let l_per = tag(EntityType::Per, Part::L);
        let l_org = tag(EntityType::Org, Part::L);
        assert!(allowed(None, b_per));
        assert!(!allowed(None, l_per));
        assert!(allowed(Some(b_per), l_per));
        assert!(!allowed(Some(b_per), l_org));
        assert!(!allowed(Some(b_per), O));
        assert!(!allowed_end(b_per));
        for t in 0..NTAGS as u8 {
            assert_eq!(split(t).map(|(ty, p)| tag(ty, p)).unwrap_or(O), t);
        }
    }
}
