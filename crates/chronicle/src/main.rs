//! `chronicle`: the command line over the pipeline.
//!
//! - `chronicle extract PATH` reads one article (text or HTML, or `-` for
//!   standard input) and prints its records-v1 JSON, JSON lines or a table.
//! - `chronicle eval --gold DIR --texts DIR` scores the extractor against
//!   hand-annotated gold files; `chronicle eval segmentation FILE...`
//!   scores the tokenizer and sentence splitter against UD treebanks.
//! - `chronicle lexicon build` recompiles the bundled lexicons from the
//!   shared data.
//! - `chronicle train pos` retrains the part-of-speech tagger and
//!   lemmatizer from UD treebanks; `chronicle eval pos` scores them.
//! - `chronicle train parse` retrains the dependency parser;
//!   `chronicle eval parse` scores it (gold tags, tagger tags, raw text).
//! - `chronicle ingest PATH...` extracts many documents (files, folders,
//!   JSON Lines, feeds, WARC) into a SQLite store and its search index;
//!   `chronicle search`, `chronicle report` and `chronicle export` read
//!   them.
//!
//! Every error is one line on standard error and a non-zero exit status.

mod bench;
mod ingest;
mod reextract_cmd;
mod report_cmd;
mod search_cmd;
mod serve_cmd;
mod table;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "chronicle",
    version,
    about = "Sourced records of diplomacy and aid from news text"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract entities, events and quotes from one article.
    Extract(ExtractArgs),
    /// Measure chronicle against annotated data.
    Eval(EvalArgs),
    /// Manage the bundled lexicons.
    Lexicon {
        #[command(subcommand)]
        command: LexiconCommand,
    },
    /// Retrain a bundled statistical model.
    Train {
        #[command(subcommand)]
        command: TrainCommand,
    },
    /// Throughput of the pipeline on one thread (one JSON line, as the
    /// spaCy baseline prints).
    Bench(BenchArgs),
    /// Extract many documents (files, folders, JSON Lines, feeds, WARC) into
    /// a database; re-running resumes and stores nothing twice.
    Ingest(ingest::IngestArgs),
    /// Run extraction again over a database's documents, keeping reviewed
    /// events as reviewers left them.
    Reextract(reextract_cmd::ReextractArgs),
    /// Full-text search over a database's documents, quotes and events,
    /// with filters: `chronicle search "air defense" --type AID_PLEDGE
    /// --actor GBR --since 2023-01-01`.
    Search(search_cmd::SearchArgs),
    /// Reports over a database: donors, visits, actor, timeline.
    Report(report_cmd::ReportArgs),
    /// Export a database as CSV, records-v1 JSON Lines, PLOVER or GDELT-style TSV.
    Export(report_cmd::ExportArgs),
    /// The web UI and JSON API over a database (review needs CHRONICLE_TOKEN).
    Serve(serve_cmd::ServeArgs),
}

#[derive(Args)]
struct BenchArgs {
    /// JSON lines with a "text" field, a folder of .txt files, or a text file.
    #[arg(long)]
    input: PathBuf,
    /// Use at most this many documents (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    #[arg(long, value_enum, default_value = "tag+ner")]
    layers: bench::Layers,
    /// Passes over the input; the fastest counts.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The part-of-speech tagger and lemmatizer (UD English EWT + GUM).
    Pos(TrainPosArgs),
    /// The named-entity recognizer (CoNLL-2003, with word clusters from
    /// unlabeled text).
    Ner(TrainNerArgs),
    /// The dependency parser (UD English EWT + GUM).
    Parse(TrainParseArgs),
}

#[derive(Args)]
struct TrainParseArgs {
    /// Folder holding en_{ewt,gum}-ud-{train,dev}.conllu.
    #[arg(long, default_value = "../shared/data/ud")]
    ud: PathBuf,
    /// Where to write parse.bin.gz.
    #[arg(long, default_value = "crates/parser/models")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = chronicle_parser::train::DEFAULT_ITERATIONS)]
    iterations: usize,
    /// Score the dev files after each pass (slower; progress only).
    #[arg(long)]
    dev: bool,
}

#[derive(Args)]
struct TrainNerArgs {
    /// Folder holding eng.train, eng.testa and eng.testb.
    #[arg(long, default_value = "../shared/data/conll2003")]
    conll: PathBuf,
    /// Unlabeled JSON-lines texts for the word clusters (used only when
    /// the clusters are induced).
    #[arg(long, num_args = 1.., default_values = ["../shared/data/whitehouse/docs.jsonl", "../shared/data/news/articles.jsonl"])]
    unlabeled: Vec<PathBuf>,
    /// Where to write ner.bin.gz (and clusters.tsv.gz).
    #[arg(long, default_value = "crates/ner/models")]
    out: PathBuf,
    /// Induce the word clusters again even when the folder has them
    /// (about ten minutes).
    #[arg(long)]
    force_clusters: bool,
}

#[derive(Args)]
struct TrainPosArgs {
    /// Folder holding en_{ewt,gum}-ud-{train,dev}.conllu.
    #[arg(long, default_value = "../shared/data/ud")]
    ud: PathBuf,
    /// Where to write pos.bin.gz and lemma.bin.gz.
    #[arg(long, default_value = "crates/tagger/models")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = chronicle_tagger::train::DEFAULT_ITERATIONS)]
    iterations: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One pretty-printed records-v1 object.
    Json,
    /// One records-v1 object on one line.
    Jsonl,
    /// A readable summary for the terminal.
    Table,
    /// The tokens as CoNLL-U: tags, lemmas, heads and relations.
    Conllu,
}

#[derive(Args)]
struct ExtractArgs {
    /// A UTF-8 text or HTML file, or `-` for standard input.
    path: PathBuf,
    /// Publication date (YYYY-MM-DD): resolves "on Wednesday", picks FX rates.
    #[arg(long)]
    published: Option<String>,
    /// The outlet's name.
    #[arg(long)]
    source: Option<String>,
    /// The outlet's country (ISO 3166-1 alpha-3): decides what a bare `$` is.
    #[arg(long)]
    outlet_country: Option<String>,
    /// The document id (default: sha256 of the text).
    #[arg(long)]
    id: Option<String>,
    /// The article's URL.
    #[arg(long)]
    url: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Leave the document text out of the JSON.
    #[arg(long)]
    no_text: bool,
    /// Treat the input as HTML.
    #[arg(long)]
    html: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = chronicle_ingest::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
struct EvalArgs {
    #[command(subcommand)]
    command: Option<EvalCommand>,
    /// Folder of gold JSON files.
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Folder of the articles' texts (`<id>.txt`).
    #[arg(long)]
    texts: Option<PathBuf>,
    /// Also list every missed and spurious record (on standard error).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Token and sentence F1 against UD CoNLL-U files (raw `# text` vs gold).
    Segmentation {
        /// CoNLL-U files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// XPOS, UPOS and lemma accuracy of the tagger with gold tokenization.
    Pos {
        /// CoNLL-U files (default: EWT and GUM test under ../shared/data/ud).
        #[arg(long = "input", num_args = 1..)]
        input: Vec<PathBuf>,
        /// Load pos.bin.gz and lemma.bin.gz from this folder instead of
        /// the embedded models.
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Entity-level precision, recall and F1 of the named-entity model on
    /// CoNLL-2003 (conlleval's definition), overall and per type.
    Ner {
        /// A CoNLL-2003 file (default: eng.testb under ../shared/data/conll2003).
        #[arg(long, default_value = "../shared/data/conll2003/eng.testb")]
        input: PathBuf,
        /// Load ner.bin.gz from this file instead of the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// UAS and LAS of the dependency parser with gold tokens (gold tags,
    /// then the tagger's), and CoNLL 2018-style F1 from raw text.
    Parse {
        /// CoNLL-U files (default: EWT and GUM test under ../shared/data/ud).
        #[arg(long = "input", num_args = 1..)]
        input: Vec<PathBuf>,
        /// Load parse.bin.gz from this file instead of the embedded model.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Direct-quote P/R/F1 and speaker accuracy against PolNeAR
    /// attributions.
    Polnear {
        /// A PolNeAR folder holding `text/` and `attributions/`.
        #[arg(long, default_value = "../shared/data/polnear/dev")]
        dir: PathBuf,
        /// List every missed, spurious and wrongly attributed quote (on
        /// standard error).
        #[arg(long)]
        show_errors: bool,
    },
    /// Recall of the call or meeting named by White House readout titles,
    /// found from the body alone.
    Readouts {
        /// The White House documents (JSON lines).
        #[arg(long, default_value = "../shared/data/whitehouse/docs.jsonl")]
        input: PathBuf,
        /// List the first N misses and the first N skipped titles (on
        /// standard error).
        #[arg(long, value_name = "N")]
        show_misses: Option<usize>,
    },
    /// Mention clustering (MUC, B³, CEAF-e, CoNLL F1) and mention detection
    /// against the GUM coreference annotations.
    Coref {
        /// GUM CoNLL-U files (default: GUM dev under ../shared/data/ud).
        #[arg(long = "input", num_args = 1..)]
        input: Vec<PathBuf>,
        /// List missed and spurious name mentions and wrong merges (on
        /// standard error).
        #[arg(long)]
        show_errors: bool,
    },
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Recompile the lexicons from the shared data folder.
    Build {
        /// The shared data folder (holding `data/lexicons/`).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the compiled files.
        #[arg(long, default_value = "crates/lexicon/data")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => extract(a),
        Command::Eval(a) => eval(a),
        Command::Lexicon {
            command: LexiconCommand::Build { shared, out },
        } => lexicon_build(&shared, &out),
        Command::Train {
            command: TrainCommand::Pos(a),
        } => train_pos(a),
        Command::Train {
            command: TrainCommand::Ner(a),
        } => train_ner(a),
        Command::Train {
            command: TrainCommand::Parse(a),
        } => train_parse(a),
        Command::Bench(a) => bench::read_texts(&a.input, a.limit).map(|texts| {
            println!("{}", bench::run(&texts, a.layers, a.repeat));
        }),
        Command::Ingest(a) => ingest::run(a),
        Command::Reextract(a) => reextract_cmd::run(a),
        Command::Search(a) => search_cmd::run(a),
        Command::Report(a) => report_cmd::report(a),
        Command::Export(a) => report_cmd::export(a),
        Command::Serve(a) => serve_cmd::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let msg = format!("{e:#}");
            eprintln!("chronicle: {}", msg.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    parse_date_option("--published", s)
}

/// The date an option gives, as YYYY-MM-DD.
fn parse_date_option(option: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("{option} {s:?}: expected a date as YYYY-MM-DD"))
}

fn parse_country(s: &str) -> Result<String> {
    let up = s.to_ascii_uppercase();
    if chronicle_lexicon::Lexicon::get()
        .country_info(&up)
        .is_none()
    {
        bail!("--outlet-country {s:?}: not an ISO 3166-1 alpha-3 country code");
    }
    Ok(up)
}

fn extract(a: ExtractArgs) -> Result<()> {
    let published = a.published.as_deref().map(parse_date).transpose()?;
    let outlet_country = a.outlet_country.as_deref().map(parse_country).transpose()?;
    let article = chronicle_ingest::read_path(
        &a.path,
        chronicle_ingest::Options {
            max_bytes: a.max_bytes,
            force_html: a.html,
        },
    )?;
    for w in &article.warnings {
        eprintln!("chronicle: warning: {w}");
    }
    let meta = chronicle_extract::Meta {
        id: a.id,
        title: article.title.clone(),
        source: a.source.or(article.source.clone()),
        url: a.url,
        published,
        outlet_country,
    };
    if matches!(a.format, Format::Conllu) {
        print!("{}", conllu(&article.text));
        return Ok(());
    }
    let mut records = chronicle_extract::Extractor::new().extract(&article.text, &meta);
    match a.format {
        Format::Conllu => unreachable!("handled above"),
        Format::Table => print!("{}", table::render(&records)),
        Format::Json | Format::Jsonl => {
            if a.no_text {
                records.document.text = None;
            }
            let out = if matches!(a.format, Format::Json) {
                serde_json::to_string_pretty(&records)?
            } else {
                serde_json::to_string(&records)?
            };
            println!("{out}");
        }
    }
    Ok(())
}

fn eval(a: EvalArgs) -> Result<()> {
    match a.command {
        Some(EvalCommand::Segmentation { files }) => {
            let report = chronicle_eval::segmentation::evaluate_segmentation(&files)?;
            print!("{report}");
            println!("{}", report.to_json());
            Ok(())
        }
        Some(EvalCommand::Pos { input, models }) => eval_pos(input, models),
        Some(EvalCommand::Parse { input, model }) => eval_parse(input, model),
        Some(EvalCommand::Polnear { dir, show_errors }) => {
            let report = chronicle_eval::polnear::evaluate_dir(&dir)?;
            if show_errors {
                eprint!("{}", report.error_listing());
            }
            print!("{report}");
            println!("{}", report.to_json_line());
            Ok(())
        }
        Some(EvalCommand::Coref { input, show_errors }) => {
            let files = if input.is_empty() {
                chronicle_eval::coref::default_inputs()
            } else {
                input
            };
            let report = chronicle_eval::coref::evaluate(&files)?;
            if show_errors {
                eprint!("{}", report.errors);
            }
            print!("{report}");
            println!("{}", report.to_json_line());
            Ok(())
        }
        Some(EvalCommand::Readouts { input, show_misses }) => {
            let report = chronicle_eval::readouts::evaluate_file(&input)?;
            if let Some(n) = show_misses {
                eprint!("{}", report.miss_listing(n));
            }
            print!("{report}");
            println!("{}", report.to_json_line());
            Ok(())
        }
        Some(EvalCommand::Ner { input, model }) => {
            let loaded;
            let ner = match model {
                Some(p) => {
                    loaded = chronicle_ner::Ner::from_path(&p)?;
                    &loaded
                }
                None => chronicle_ner::Ner::get(),
            };
            let report = chronicle_ner::evaluate(ner, &input)?;
            print!("{report}");
            println!("{}", report.to_json_line());
            Ok(())
        }
        None => {
            let (Some(gold), Some(texts)) = (a.gold, a.texts) else {
                bail!("eval needs --gold DIR and --texts DIR (or a subcommand: segmentation)");
            };
            let docs = chronicle_eval::gold::load_gold_with_texts(&gold, &texts)?;
            if docs.is_empty() {
                bail!("{}: no gold files (*.json)", gold.display());
            }
            let ex = chronicle_extract::Extractor::new();
            let mut triples = Vec::new();
            for (g, text) in docs {
                let published = g.published.as_deref().map(parse_date).transpose()?;
                let meta = chronicle_extract::Meta {
                    id: Some(g.id.clone()),
                    published,
                    outlet_country: g.outlet_country.clone(),
                    ..Default::default()
                };
                let rec = ex.extract(&text, &meta);
                triples.push((g, rec, text));
            }
            let report = chronicle_eval::score::score(&triples);
            if a.verbose {
                eprint!("{}", report.mismatches());
            }
            print!("{report}");
            println!("{}", report.to_json_line());
            Ok(())
        }
    }
}

fn lexicon_build(shared: &Path, out: &Path) -> Result<()> {
    if !shared.join("data/lexicons").is_dir() {
        bail!(
            "{}: no data/lexicons folder; pass --shared",
            shared.display()
        );
    }
    let report = chronicle_lexicon::build::compile(shared, out)?;
    for (name, size) in &report.files {
        println!("{:>9} bytes  {}", size, out.join(name).display());
    }
    for (what, n) in &report.counts {
        println!("{n:>9} {what}");
    }
    for u in &report.unmapped {
        eprintln!("chronicle: note: unmapped {u}");
    }
    Ok(())
}

fn train_ner(a: TrainNerArgs) -> Result<()> {
    let opts = chronicle_ner::TrainOptions {
        force_clusters: a.force_clusters,
        verbose: true,
        ..Default::default()
    };
    let report = chronicle_ner::train(&a.conll, &a.unlabeled, &a.out, &opts)?;
    eprintln!(
        "wrote {} ({} bytes, {} features)",
        report.model_path.display(),
        report.model_bytes,
        report.features
    );
    Ok(())
}

fn train_pos(a: TrainPosArgs) -> Result<()> {
    let ud = |name: &str| a.ud.join(name);
    let train: Vec<PathBuf> = ["en_ewt-ud-train.conllu", "en_gum-ud-train.conllu"]
        .iter()
        .map(|n| ud(n))
        .collect();
    for f in &train {
        if !f.is_file() {
            bail!("{}: no such file; pass --ud DIR", f.display());
        }
    }
    let dev: Vec<PathBuf> = ["en_ewt-ud-dev.conllu", "en_gum-ud-dev.conllu"]
        .iter()
        .map(|n| ud(n))
        .filter(|f| f.is_file())
        .collect();
    let opts = chronicle_tagger::train::TrainOptions {
        train,
        dev,
        iterations: a.iterations,
        ..Default::default()
    };
    chronicle_tagger::train::train_to_dir(&opts, &a.out, &mut |line| eprintln!("{line}"))?;
    Ok(())
}

fn eval_pos(input: Vec<PathBuf>, models: Option<PathBuf>) -> Result<()> {
    let files = if input.is_empty() {
        let ud = Path::new("../shared/data/ud");
        vec![
            ud.join("en_ewt-ud-test.conllu"),
            ud.join("en_gum-ud-test.conllu"),
        ]
    } else {
        input
    };
    let loaded;
    let tagger = match models {
        Some(dir) => {
            loaded = chronicle_tagger::Tagger::from_paths(
                &dir.join(chronicle_tagger::POS_FILE),
                &dir.join(chronicle_tagger::LEMMA_FILE),
            )?;
            &loaded
        }
        None => chronicle_tagger::Tagger::get(),
    };
    let report = chronicle_tagger::eval::evaluate(tagger, &files)?;
    print!("{report}");
    println!("{}", report.to_json());
    Ok(())
}

fn ud_files(ud: &Path, split: &str) -> Vec<PathBuf> {
    ["en_ewt", "en_gum"]
        .iter()
        .map(|t| ud.join(format!("{t}-ud-{split}.conllu")))
        .collect()
}

fn train_parse(a: TrainParseArgs) -> Result<()> {
    let train = ud_files(&a.ud, "train");
    for f in &train {
        if !f.is_file() {
            bail!("{}: no such file; pass --ud DIR", f.display());
        }
    }
    let dev = if a.dev {
        ud_files(&a.ud, "dev")
            .into_iter()
            .filter(|f| f.is_file())
            .collect()
    } else {
        Vec::new()
    };
    let opts = chronicle_parser::train::TrainOptions {
        train,
        dev,
        iterations: a.iterations,
        ..Default::default()
    };
    chronicle_parser::train::train_to_dir(&opts, &a.out, &mut |line| eprintln!("{line}"))?;
    Ok(())
}

fn eval_parse(input: Vec<PathBuf>, model: Option<PathBuf>) -> Result<()> {
    let files = if input.is_empty() {
        ud_files(Path::new("../shared/data/ud"), "test")
    } else {
        input
    };
    let loaded;
    let parser = match model {
        Some(p) => {
            loaded = chronicle_parser::Parser::from_path(&p)?;
            &loaded
        }
        None => chronicle_parser::Parser::get(),
    };
    let report = chronicle_parser::eval::evaluate(parser, chronicle_tagger::Tagger::get(), &files)?;
    print!("{report}");
    println!("{}", report.to_json());
    Ok(())
}

/// The article tokenized, tagged and parsed, as CoNLL-U (one block per
/// sentence; `HEAD` and `DEPREL` from the parser, `SpaceAfter=No` where
/// the text has no space after a token).
fn conllu(text: &str) -> String {
    use chronicle_nlp::Component;
    use std::fmt::Write;
    let mut doc = chronicle_text::Doc::new(text);
    chronicle_nlp::parser::DependencyParser::new().process(&mut doc);
    let mut out = String::new();
    for (si, range) in doc.sentences.iter().enumerate() {
        if range.is_empty() {
            continue;
        }
        let span = doc.token_range_span(range.clone());
        let _ = writeln!(out, "# sent_id = {}", si + 1);
        let _ = writeln!(out, "# text = {}", doc.slice(span).replace('\n', " "));
        for i in range.clone() {
            let m = &doc.morph[i];
            let d = &doc.deps[i];
            let head = d.head.map_or(0, |h| h - range.start + 1);
            let next = doc.tokens.get(i + 1).map(|t| t.span.start);
            let space = next.is_some_and(|n| n > doc.tokens[i].span.end) || i + 1 == range.end;
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
                i - range.start + 1,
                doc.token_text(i),
                m.lemma,
                m.upos,
                m.xpos,
                head,
                d.rel,
                if space { "_" } else { "SpaceAfter=No" }
            );
        }
        out.push('\n');
    }
    out
}
