// Loaded with `node --import` into a benchmarked CLI process: prints the peak RSS on exit.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
