//! Training: an averaged structured perceptron (Collins 2002) with
//! constrained Viterbi over BILOU tags, on CoNLL-2003 `eng.train`, with
//! `eng.testa` scored after every epoch.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chronicle_lexicon::Lexicon;

use crate::brown::{induce_clusters, read_table, ClusterOptions, ClusterReport};
use crate::conll::{read_conll, Document};
use crate::eval::{evaluate_docs, NerReport};
use crate::features::{concat, extract, nonlocal, Clusters, DocInfo, SentenceFeatures};
use crate::model::{viterbi, Model, Scores, Weights, TROWS};
use crate::tags::{bilou_to_spans, Entity, NTAGS};
use crate::Ner;
use chronicle_modelio::FastMap;

/// File name of the model written by [`train`] (and embedded).
pub const MODEL_FILE: &str = "ner.bin.gz";
/// File name of the cluster table written by [`train`].
pub const CLUSTERS_FILE: &str = "clusters.tsv.gz";

/// Options of [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Averaged weights with a smaller magnitude are dropped.
    pub prune: f32,
    /// Features seen fewer times in training are not used.
    pub min_feature_count: u32,
    /// Folds of the jackknife that trains the second stage; below 2, the
    /// model has one stage only.
    pub folds: usize,
    /// Brown clustering parameters.
    pub clusters: ClusterOptions,
    /// Induce clusters again even when `out_dir/clusters.tsv.gz` exists.
    pub force_clusters: bool,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 20030,
            prune: 0.1,
            min_feature_count: 1,
            folds: 10,
            clusters: ClusterOptions::default(),
            force_clusters: false,
            verbose: false,
        }
    }
}

/// What [`train`] did.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Set when clusters were induced in this run.
    pub clusters: Option<ClusterReport>,
    /// Words in the cluster table used.
    pub cluster_words: usize,
    /// Overall F1 on the dev file after each epoch of the first stage
    /// alone (unpruned weights).
    pub dev_f1_stage1: Vec<f64>,
    /// The same for the whole model, after each second-stage epoch.
    pub dev_f1_stage2: Vec<f64>,
    /// Features kept in the written model.
    pub features: usize,
    /// Bytes of the written model.
    pub model_bytes: usize,
    /// Path of the written model.
    pub model_path: PathBuf,
    /// Scores of the written model on `eng.testa`.
    pub dev: NerReport,
    /// Scores of the written model on `eng.testb`.
    pub test: NerReport,
    /// Seconds spent training (after clustering).
    pub train_seconds: f64,
}

/// Trains the recognizer.
///
/// * `conll_dir` holds `eng.train`, `eng.testa` (dev) and `eng.testb`
///   (test), CoNLL-2003 with IOB1 tags.
/// * `unlabeled` are the texts for Brown clustering (JSON lines with a
///   `"text"` field; `eng.train`'s words are added, unlabeled). Clustering
///   runs only when `out_dir/clusters.tsv.gz` is missing or
///   `opts.force_clusters` is set; otherwise the existing table is used.
/// * Writes `out_dir/clusters.tsv.gz` (when induced) and
///   `out_dir/ner.bin.gz`; the same inputs and options give the same bytes.
pub fn train(
    conll_dir: &Path,
    unlabeled: &[PathBuf],
    out_dir: &Path,
    opts: &TrainOptions,
) -> Result<TrainReport> {
    let train_file = conll_dir.join("eng.train");
    let dev_file = conll_dir.join("eng.testa");
    let test_file = conll_dir.join("eng.testb");
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let clusters_path = out_dir.join(CLUSTERS_FILE);
    let mut cluster_report = None;
    if opts.force_clusters || !clusters_path.exists() {
        if unlabeled.is_empty() {
            bail!(
                "{} is missing and no unlabeled text was given to induce it",
                clusters_path.display()
            );
        }
        let mut files = unlabeled.to_vec();
        files.push(train_file.clone());
        if opts.verbose {
            eprintln!("inducing Brown clusters: {:?}", opts.clusters);
        }
        let r = induce_clusters(&files, &clusters_path, &opts.clusters)?;
        if opts.verbose {
            eprintln!("clusters: {r:?}");
        }
        cluster_report = Some(r);
    }
    let table_bytes = std::fs::read(&clusters_path)
        .with_context(|| format!("cannot read {}", clusters_path.display()))?;
    let pairs = read_table(&table_bytes, &clusters_path.display().to_string())?;
    let clusters = Clusters::new(&pairs);

    let t0 = Instant::now();
    let train_docs = read_conll(&train_file)?;
    let dev_docs = read_conll(&dev_file)?;
    let test_docs = read_conll(&test_file)?;
    let (model, dev_f1_stage1, dev_f1_stage2) = fit(&train_docs, &dev_docs, clusters, opts)?;
    let bytes = model.to_bytes();
    let model_path = out_dir.join(MODEL_FILE);
    std::fs::write(&model_path, &bytes)
        .with_context(|| format!("cannot write {}", model_path.display()))?;
    // Score what was written (quantized), as it will be loaded.
    let ner = Ner::from_bytes(&bytes, MODEL_FILE)?;
    let mut dev = evaluate_docs(&ner, &dev_docs);
    dev.file = "eng.testa".into();
    let mut test = evaluate_docs(&ner, &test_docs);
    test.file = "eng.testb".into();
    Ok(TrainReport {
        clusters: cluster_report,
        cluster_words: pairs.len(),
        dev_f1_stage1,
        dev_f1_stage2,
        features: ner.model.num_features(),
        model_bytes: bytes.len(),
        model_path,
        dev,
        test,
        train_seconds: t0.elapsed().as_secs_f64(),
    })
}

/// splitmix64: the shuffle's random numbers.
fn next_rand(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Perceptron {
    w: Vec<i32>,
    u: Vec<i64>,
    tw: Vec<i32>,
    tu: Vec<i64>,
    c: i64,
}

impl Perceptron {
    fn update(&mut self, f: usize, tag: u8, d: i32) {
        let k = f * NTAGS + tag as usize;
        self.w[k] += d;
        self.u[k] += self.c * i64::from(d);
    }
    fn update_trans(&mut self, prev: usize, tag: u8, d: i32) {
        let k = prev * NTAGS + tag as usize;
        self.tw[k] += d;
        self.tu[k] += self.c * i64::from(d);
    }
    fn trans(&self) -> [[f32; NTAGS]; TROWS] {
        let mut t = [[0f32; NTAGS]; TROWS];
        for (p, row) in t.iter_mut().enumerate() {
            for (n, x) in row.iter_mut().enumerate() {
                *x = self.tw[p * NTAGS + n] as f32;
            }
        }
        t
    }
    fn averaged(&self, w: &[i32], u: &[i64], k: usize) -> f32 {
        (f64::from(w[k]) - u[k] as f64 / self.c as f64) as f32
    }
    /// The averaged weights; those below `prune` in magnitude dropped.
    fn export(&self, hashes: &[u64], prune: f32) -> Weights {
        let mut feats = Vec::new();
        for (f, &h) in hashes.iter().enumerate() {
            let row: Vec<(u8, f32)> = (0..NTAGS)
                .filter_map(|t| {
                    let v = self.averaged(&self.w, &self.u, f * NTAGS + t);
                    (v.abs() >= prune && v != 0.0).then_some((t as u8, v))
                })
                .collect();
            if !row.is_empty() {
                feats.push((h, row));
            }
        }
        let mut trans = [[0f32; NTAGS]; TROWS];
        for (p, row) in trans.iter_mut().enumerate() {
            for (n, x) in row.iter_mut().enumerate() {
                *x = self.averaged(&self.tw, &self.tu, p * NTAGS + n);
            }
        }
        Weights::new(&feats, trans)
    }
}

/// Trains one stage on the sentences `subset` of `feats`/`gold`; calls
/// `after_epoch` with the unpruned averaged weights after each epoch.
fn fit_stage(
    feats: &[SentenceFeatures],
    gold: &[&[u8]],
    subset: &[usize],
    opts: &TrainOptions,
    after_epoch: &mut dyn FnMut(usize, &Weights),
) -> Weights {
    // Intern features (first-seen order is deterministic).
    let mut count: FastMap<u64, u32> = FastMap::default();
    for &si in subset {
        for &h in &feats[si].feats {
            *count.entry(h).or_insert(0) += 1;
        }
    }
    let mut index: FastMap<u64, u32> = FastMap::default();
    let mut hashes: Vec<u64> = Vec::new();
    let mut samples: Vec<(Vec<u32>, Vec<u32>, &[u8])> = Vec::with_capacity(subset.len());
    for &si in subset {
        let s = &feats[si];
        let mut fs = Vec::with_capacity(s.feats.len());
        let mut offsets = Vec::with_capacity(s.len() + 1);
        for i in 0..s.len() {
            offsets.push(fs.len() as u32);
            for &h in s.token(i) {
                if count[&h] < opts.min_feature_count {
                    continue;
                }
                let id = *index.entry(h).or_insert_with(|| {
                    hashes.push(h);
                    (hashes.len() - 1) as u32
                });
                fs.push(id);
            }
        }
        offsets.push(fs.len() as u32);
        samples.push((fs, offsets, gold[si]));
    }
    drop(count);
    let mut p = Perceptron {
        w: vec![0; hashes.len() * NTAGS],
        u: vec![0; hashes.len() * NTAGS],
        tw: vec![0; TROWS * NTAGS],
        tu: vec![0; TROWS * NTAGS],
        c: 1,
    };
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut rng = opts.seed;
    let mut em: Vec<Scores> = Vec::new();
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (next_rand(&mut rng) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &si in &order {
            let (fs, offsets, g) = &samples[si];
            let n = g.len();
            em.clear();
            em.resize(n, [0f32; NTAGS]);
            for (i, sc) in em.iter_mut().enumerate() {
                let mut acc = [0i32; NTAGS];
                for &f in &fs[offsets[i] as usize..offsets[i + 1] as usize] {
                    let row = &p.w[f as usize * NTAGS..(f as usize + 1) * NTAGS];
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a += w;
                    }
                }
                for (x, &a) in sc.iter_mut().zip(&acc) {
                    *x = a as f32;
                }
            }
            let pred = viterbi(&em, &p.trans());
            if pred.as_slice() != *g {
                for i in 0..n {
                    let (gt, y) = (g[i], pred[i]);
                    if gt != y {
                        for &f in &fs[offsets[i] as usize..offsets[i + 1] as usize] {
                            p.update(f as usize, gt, 1);
                            p.update(f as usize, y, -1);
                        }
                    }
                    let gp = if i == 0 { NTAGS } else { g[i - 1] as usize };
                    let yp = if i == 0 { NTAGS } else { pred[i - 1] as usize };
                    if (gp, gt) != (yp, y) {
                        p.update_trans(gp, gt, 1);
                        p.update_trans(yp, y, -1);
                    }
                }
            }
            p.c += 1;
        }
        after_epoch(epoch, &p.export(&hashes, 0.0));
    }
    p.export(&hashes, opts.prune)
}

/// Sentences of documents, flattened, with each document's range.
struct Flat<'a> {
    words: Vec<Vec<&'a str>>,
    gold: Vec<&'a [u8]>,
    entities: Vec<&'a [Entity]>,
    docs: Vec<std::ops::Range<usize>>,
    feats: Vec<SentenceFeatures>,
}

impl<'a> Flat<'a> {
    fn new(docs: &'a [Document], clusters: &Clusters, lex: &Lexicon) -> Flat<'a> {
        let mut f = Flat {
            words: Vec::new(),
            gold: Vec::new(),
            entities: Vec::new(),
            docs: Vec::new(),
            feats: Vec::new(),
        };
        for d in docs {
            let start = f.words.len();
            for s in &d.sentences {
                f.words.push(s.words.iter().map(String::as_str).collect());
                f.gold.push(&s.tags);
                f.entities.push(&s.entities);
            }
            let range = start..f.words.len();
            let refs: Vec<&[&str]> = f.words[range.clone()].iter().map(Vec::as_slice).collect();
            let info = DocInfo::new(&refs);
            for (k, w) in refs.iter().enumerate() {
                f.feats.push(extract(w, clusters, lex, &info, k));
            }
            f.docs.push(range);
        }
        f
    }

    /// Second-stage features given first-stage tags of every sentence.
    fn stage2(&self, stage1: &[Vec<u8>]) -> Vec<SentenceFeatures> {
        let mut out = Vec::with_capacity(self.feats.len());
        for r in &self.docs {
            let refs: Vec<&[&str]> = self.words[r.clone()].iter().map(Vec::as_slice).collect();
            let nl = nonlocal(&refs, &stage1[r.clone()]);
            for (base, extra) in self.feats[r.clone()].iter().zip(&nl) {
                out.push(concat(base, extra));
            }
        }
        out
    }

    fn f1(&self, feats: &[SentenceFeatures], w: &Weights) -> f64 {
        let mut r = NerReport::default();
        for (i, f) in feats.iter().enumerate() {
            let pred = bilou_to_spans(&w.decode(f));
            r.add_sentence(self.entities[i], &pred, f.len());
        }
        r.overall().f1()
    }
}

/// Trains both stages on `train`, scoring `dev` after each epoch.
/// Returns the model and the dev F1 after each epoch of each stage.
pub(crate) fn fit(
    train: &[Document],
    dev: &[Document],
    clusters: Clusters,
    opts: &TrainOptions,
) -> Result<(Model, Vec<f64>, Vec<f64>)> {
    let lex = Lexicon::get();
    let tr = Flat::new(train, &clusters, lex);
    let dv = Flat::new(dev, &clusters, lex);
    if tr.words.is_empty() {
        bail!("no training sentences");
    }
    let all: Vec<usize> = (0..tr.words.len()).collect();
    let log = |stage: usize, epoch: usize, f1: f64| {
        if opts.verbose {
            eprintln!("stage {stage} epoch {}: dev F1 {f1:.2}", epoch + 1);
        }
    };
    let mut f1_1 = Vec::new();
    let w1 = fit_stage(&tr.feats, &tr.gold, &all, opts, &mut |e, w| {
        let f = dv.f1(&dv.feats, w);
        log(1, e, f);
        f1_1.push(f);
    });
    if opts.folds < 2 {
        let m = Model::new(clusters, w1, None);
        return Ok((m, f1_1, Vec::new()));
    }
    // Jackknifed first-stage tags of the training documents.
    let k = opts.folds;
    let mut s1_train: Vec<Vec<u8>> = vec![Vec::new(); tr.words.len()];
    for fold in 0..k {
        let (held, rest): (Vec<usize>, Vec<usize>) =
            (0..tr.docs.len()).partition(|d| d % k == fold);
        let subset: Vec<usize> = rest.iter().flat_map(|&d| tr.docs[d].clone()).collect();
        let w = fit_stage(&tr.feats, &tr.gold, &subset, opts, &mut |_, _| {});
        for d in held {
            for si in tr.docs[d].clone() {
                s1_train[si] = w.decode(&tr.feats[si]);
            }
        }
        if opts.verbose {
            eprintln!("jackknife fold {} done", fold + 1);
        }
    }
    let f2_train = tr.stage2(&s1_train);
    let s1_dev: Vec<Vec<u8>> = dv.feats.iter().map(|f| w1.decode(f)).collect();
    let f2_dev = dv.stage2(&s1_dev);
    let mut f1_2 = Vec::new();
    let w2 = fit_stage(&f2_train, &tr.gold, &all, opts, &mut |e, w| {
        let f = dv.f1(&f2_dev, w);
        log(2, e, f);
        f1_2.push(f);
    });
    let m = Model::new(clusters, w1, Some(w2));
    Ok((m, f1_1, f1_2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse_conll;

    #[test]
    fn learns_a_toy_corpus_deterministically() {
        let mut text = String::new();
        for (a, b) in [("Smith", "Paris"), ("Jones", "Rome"), ("Brown", "Oslo")] {
            text.push_str(&format!(
                "-DOCSTART- X X O\n\nMr X X O\n{a} X X I-PER\nvisited X X O\n{b} X X I-LOC\n. X X O\n\n"
            ));
        }
        let docs = parse_conll(&text, "toy").unwrap();
        let opts = TrainOptions {
            epochs: 5,
            prune: 0.0,
            ..Default::default()
        };
        let (m, f1, f2) = fit(&docs, &docs, Clusters::default(), &opts).unwrap();
        assert_eq!(f1.len(), 5);
        assert_eq!(f2.len(), 5);
        assert_eq!(*f2.last().unwrap(), 100.0);
        let (m2, _, _) = fit(&docs, &docs, Clusters::default(), &opts).unwrap();
        assert_eq!(m.to_bytes(), m2.to_bytes());
        assert!(m.stage2.is_some());
    }
}
