//! Size/accuracy trade-off of coarser pruning: `prune MODEL MIN OUT`
//! drops quantized weights below MIN and writes OUT.

fn main() -> anyhow::Result<()> {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1])?;
    let out = chronicle_parser::train::reprune(&bytes, a[2].parse()?)?;
    std::fs::write(&a[3], &out)?;
    println!("{} -> {} bytes", bytes.len(), out.len());
    Ok(())
}
