//! `chronicle`: the command line over the pipeline.
//!
//! - `chronicle extract PATH` reads one article (text or HTML, or `-` for
//!   standard input) and prints its records-v1 JSON, JSON lines or a table.
//! - `chronicle eval --gold DIR --texts DIR` scores the extractor against
//!   hand-annotated gold files; `chronicle eval segmentation FILE...`
//!   scores the tokenizer and sentence splitter against UD treebanks.
//! - `chronicle lexicon build` recompiles the bundled lexicons from the
//!   shared data.
//!
//! Every error is one line on standard error and a non-zero exit status.

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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One pretty-printed records-v1 object.
    Json,
    /// One records-v1 object on one line.
    Jsonl,
    /// A readable summary for the terminal.
    Table,
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
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("--published {s:?}: expected a date as YYYY-MM-DD"))
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
    let mut records = chronicle_extract::Extractor::new().extract(&article.text, &meta);
    match a.format {
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
