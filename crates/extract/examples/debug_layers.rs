//! Prints the layers the extractor sees for one file: sentences, entity
//! mentions, titles, times and money. A development aid:
//! `cargo run -p chronicle-extract --example debug_layers -- FILE [YYYY-MM-DD]`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: debug_layers FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let published = args
        .get(2)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let doc = chronicle_nlp::Pipeline::default().run(text);
    let ctx = chronicle_extract::Ctx::new(&doc, published, None);
    for (i, s) in doc.sentences.iter().enumerate() {
        println!("[{i}] {}", doc.slice(doc.sentence_span(i)));
        for e in doc.ents.iter().filter(|e| s.contains(&e.tokens.start)) {
            println!(
                "    ent {:<7} {:<40} {:?} {:?}",
                e.label.as_str(),
                doc.slice(e.span),
                e.country,
                e.key
            );
        }
        for t in s.clone() {
            if let Some(ts) = &ctx.title_at[t] {
                println!(
                    "    title {:?} -> {} ({})",
                    ctx.text(ts.start..ts.end),
                    ts.canonical,
                    ts.class
                );
            }
        }
    }
    for t in chronicle_extract::times::find(&ctx) {
        println!(
            "time {:?} -> {:?}",
            t.text(&ctx),
            t.resolve(&ctx, chronicle_extract::times::is_future(&ctx, t.start))
        );
    }
    for m in chronicle_extract::money::find(&ctx) {
        println!("money {:?}", m.amount);
    }
}
