// Scores live predictions once the bar they target has closed: direction hit-rate and interval coverage.
export class Scoreboard {
  constructor() {
    this.pending = new Map(); // `${symbol}|${targetSeconds}` -> predictions awaiting the outcome
    this.scores = new Map(); // symbol -> { scored, covered, directional, hits }
  }

  add(prediction) {
    const key = `${prediction.symbol}|${Math.floor(Date.parse(prediction.target_time) / 1000)}`;
    if (!this.pending.has(key)) this.pending.set(key, []);
    this.pending.get(key).push(prediction);
  }

  // closeSeconds: close time of a final bar (open + interval); closePrice: its close.
  settle(symbol, closeSeconds, closePrice) {
    const key = `${symbol}|${closeSeconds}`;
    const due = this.pending.get(key);
    if (!due) return;
    this.pending.delete(key);
    const score = this.scores.get(symbol) ?? { scored: 0, covered: 0, directional: 0, hits: 0 };
    for (const p of due) {
      score.scored += 1;
      if (closePrice >= p.lower && closePrice <= p.upper) score.covered += 1;
      const move = Math.sign(closePrice - p.current_price);
      if (move !== 0 && p.direction !== 'flat') {
        score.directional += 1;
        if ((move > 0) === (p.direction === 'up')) score.hits += 1;
      }
    }
    this.scores.set(symbol, score);
  }

  summary(symbol) {
    const s = this.scores.get(symbol) ?? { scored: 0, covered: 0, directional: 0, hits: 0 };
    return { scored: s.scored, directional: s.directional, coverage: s.scored ? s.covered / s.scored : 0, hitRate: s.directional ? s.hits / s.directional : 0 };
  }
}
