# Scores `psdk stream --model` prediction lines against the closes of the replayed candle file (docs/accuracy.md):
#   python3 tests/infrastructure/score-stream.py predictions.jsonl samples/data/BTCUSDT-1m-2024-01.csv.gz
# Per horizon: self-contradictions, flat predictions, 90 % interval coverage, direction accuracy and ECE (10 bins).
import sys, json, gzip, csv, datetime as dt
lines_path, data_path = sys.argv[1], sys.argv[2]
closes = {}
with gzip.open(data_path, 'rt') as f:
    r = csv.reader(f); header = next(r)
    ti = 0; ci = [h.lower() for h in header].index('close')
    for row in r:
        t = row[ti]
        if t.isdigit():
            ts = dt.datetime.fromtimestamp(int(t)/ (1000 if len(t) > 10 else 1), dt.timezone.utc)
        else:
            ts = dt.datetime.fromisoformat(t.replace('Z', '+00:00'))
        closes[ts] = float(row[ci])
stats = {}
for line in open(lines_path):
    p = json.loads(line)
    h = p['horizon']; s = stats.setdefault(h, dict(n=0, flat=0, contra=0, stuck=0, scored=0, covered=0, bins=[[0,0,0.0] for _ in range(10)]))
    s['n'] += 1
    cur, pred, d = p['current_price'], p['predicted_price'], p['direction']
    sign = 'up' if pred > cur else 'down' if pred < cur else 'flat'
    s['contra'] += sign != d
    s['stuck'] += d != 'flat' and pred == cur
    s['flat'] += d == 'flat'
    # target bar: opens horizon bars after the prediction's bar
    ts = dt.datetime.fromisoformat(p['timestamp'].replace('Z', '+00:00')) + dt.timedelta(minutes=h)
    if ts not in closes: continue
    y = closes[ts]
    s['scored'] += 1
    s['covered'] += p['lower'] <= y <= p['upper']
    if y != cur and d != 'flat':
        b = min(int((p['confidence'] - 0.5) / 0.05), 9)
        s['bins'][b][0] += 1; s['bins'][b][1] += (y > cur) == (d == 'up'); s['bins'][b][2] += p['confidence']
for h, s in sorted(stats.items()):
    total = sum(b[0] for b in s['bins'])
    ece = sum(abs(b[1]/b[0] - b[2]/b[0]) * b[0] / total for b in s['bins'] if b[0])
    acc = sum(b[1] for b in s['bins']) / total
    print(f"h={h}: predictions {s['n']}, direction≠sign(predicted−current) {s['contra']}, up/down with predicted==current {s['stuck']}, flat {s['flat']}, "
          f"scored {s['scored']}, 90% coverage {100*s['covered']/s['scored']:.1f} %, direction accuracy {100*acc:.1f} % of {total}, ECE {ece:.4f}")
