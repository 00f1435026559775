// Computes TA-Lib reference values on the bundled BTCUSDT minute bars and writes them, gzipped, next to the
// indicator tests. Run through ./generate.sh (it builds TA-Lib from source first).
//
// Usage: node talib-reference.js [bars]   (default 5000 bars)
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const talib = require('talib');

const repoRoot = path.resolve(__dirname, '..', '..');
const input = path.join(repoRoot, 'samples', 'data', 'BTCUSDT-1m-2024-01.csv.gz');
const output = path.join(repoRoot, 'tests', 'PredictionSdk.Indicators.Tests', 'TestData', 'TaLib', 'btcusdt-1m-talib.csv.gz');
const barCount = Number(process.argv[2] ?? 5000);

const lines = zlib.gunzipSync(fs.readFileSync(input)).toString('utf8').trim().split(/\r?\n/);
const header = lines[0].split(',');
const expectedHeader = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];
if (header.join(',') !== expectedHeader.join(',')) {
  throw new Error(`${input}: unexpected header '${lines[0]}'`);
}

const rows = lines.slice(1, 1 + barCount).map((line) => line.split(','));
const timestamp = rows.map((r) => r[0]);
const open = rows.map((r) => Number(r[1]));
const high = rows.map((r) => Number(r[2]));
const low = rows.map((r) => Number(r[3]));
const close = rows.map((r) => Number(r[4]));
const volume = rows.map((r) => Number(r[5]));
const n = rows.length;

// Runs one TA-Lib function and returns each named output aligned to the input rows (NaN before begIndex).
function run(name, inputs, options, outputs) {
  const call = Object.assign({ name, startIdx: 0, endIdx: n - 1 }, inputs, options);
  const res = talib.execute(call);
  if (res.error) {
    throw new Error(`${name}: ${res.error}`);
  }
  return outputs.map((o) => {
    const aligned = new Array(n).fill(NaN);
    const values = res.result[o];
    for (let k = 0; k < res.nbElement; k++) {
      aligned[res.begIndex + k] = values[k];
    }
    return aligned;
  });
}

const hl = { high, low };
const hlc = { high, low, close };
const columns = [];
function add(names, values) {
  names.forEach((name, k) => columns.push([name, values[k]]));
}

add(['sma20'], run('SMA', { inReal: close }, { optInTimePeriod: 20 }, ['outReal']));
add(['ema20'], run('EMA', { inReal: close }, { optInTimePeriod: 20 }, ['outReal']));
add(['wma20'], run('WMA', { inReal: close }, { optInTimePeriod: 20 }, ['outReal']));
add(['rsi14'], run('RSI', { inReal: close }, { optInTimePeriod: 14 }, ['outReal']));
add(['macd', 'macd_signal', 'macd_hist'],
  run('MACD', { inReal: close }, { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
    ['outMACD', 'outMACDSignal', 'outMACDHist']));
add(['stoch_k', 'stoch_d'],
  run('STOCH', hlc, { optInFastK_Period: 14, optInSlowK_Period: 3, optInSlowK_MAType: 0, optInSlowD_Period: 3, optInSlowD_MAType: 0 },
    ['outSlowK', 'outSlowD']));
add(['bb_upper', 'bb_middle', 'bb_lower'],
  run('BBANDS', { inReal: close }, { optInTimePeriod: 20, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 },
    ['outRealUpperBand', 'outRealMiddleBand', 'outRealLowerBand']));
add(['atr14'], run('ATR', hlc, { optInTimePeriod: 14 }, ['outReal']));
add(['atr10'], run('ATR', hlc, { optInTimePeriod: 10 }, ['outReal']));
add(['obv'], run('OBV', { inReal: close, volume }, {}, ['outReal']));
add(['stddev20'], run('STDDEV', { inReal: close }, { optInTimePeriod: 20, optInNbDev: 1 }, ['outReal']));
add(['adx14'], run('ADX', hlc, { optInTimePeriod: 14 }, ['outReal']));
add(['plus_di14'], run('PLUS_DI', hlc, { optInTimePeriod: 14 }, ['outReal']));
add(['minus_di14'], run('MINUS_DI', hlc, { optInTimePeriod: 14 }, ['outReal']));
add(['cci20'], run('CCI', hlc, { optInTimePeriod: 20 }, ['outReal']));
add(['willr14'], run('WILLR', hlc, { optInTimePeriod: 14 }, ['outReal']));
add(['roc12'], run('ROC', { inReal: close }, { optInTimePeriod: 12 }, ['outReal']));
add(['mfi14'], run('MFI', { high, low, close, volume }, { optInTimePeriod: 14 }, ['outReal']));
add(['sar'], run('SAR', hl, { optInAcceleration: 0.02, optInMaximum: 0.2 }, ['outReal']));
add(['max_high20'], run('MAX', { inReal: high }, { optInTimePeriod: 20 }, ['outReal']));
add(['min_low20'], run('MIN', { inReal: low }, { optInTimePeriod: 20 }, ['outReal']));
add(['midprice9'], run('MIDPRICE', hl, { optInTimePeriod: 9 }, ['outReal']));
add(['midprice26'], run('MIDPRICE', hl, { optInTimePeriod: 26 }, ['outReal']));
add(['midprice52'], run('MIDPRICE', hl, { optInTimePeriod: 52 }, ['outReal']));

// 15 significant digits: far finer than the 1e-9 relative tolerance of the tests, and much smaller gzipped.
const format = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(15))) : '');
const out = ['timestamp,' + columns.map(([name]) => name).join(',')];
for (let i = 0; i < n; i++) {
  out.push(timestamp[i] + ',' + columns.map(([, values]) => format(values[i])).join(','));
}

fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, zlib.gzipSync(Buffer.from(out.join('\n') + '\n', 'utf8'), { level: 9 }));
console.log(`talib ${JSON.parse(fs.readFileSync(path.join(__dirname, "node_modules", "talib", "package.json"), "utf8")).version}: ${n} bars x ${columns.length} columns -> ${path.relative(repoRoot, output)}`);
