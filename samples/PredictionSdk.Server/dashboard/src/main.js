// Live dashboard: REST for history, one WebSocket for live candles and predictions.
import { createChart, CandlestickSeries, LineSeries, HistogramSeries, ColorType, LineStyle } from 'lightweight-charts';
import { Scoreboard } from './scoreboard.js';

const $ = (id) => document.getElementById(id);
const toTime = (iso) => Math.floor(Date.parse(iso) / 1000);
const timeframeSeconds = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600 };

const themes = {
  dark: { background: '#0f1419', text: '#d8dee9', grid: '#1f2630', up: '#26a69a', down: '#ef5350', prediction: '#4c9aff', band: 'rgba(76,154,255,0.55)', bb: 'rgba(255,193,7,0.7)' },
  light: { background: '#ffffff', text: '#1d2433', grid: '#eceff3', up: '#089981', down: '#d32f2f', prediction: '#1f6feb', band: 'rgba(31,111,235,0.55)', bb: 'rgba(230,126,34,0.8)' },
};

const state = { symbol: null, timeframe: '1m', socket: null, candles: 0, predictions: 0, lastBar: null, scoreboard: new Scoreboard() };

// API key, when the server asks for one: kept for this browser tab only (session storage), sent as the X-Api-Key
// header on REST calls and as a WebSocket subprotocol (browsers cannot set headers on a WebSocket). Never in a URL.
const keyStore = 'psdk-api-key';
const apiKey = () => sessionStorage.getItem(keyStore);

class KeyRequired extends Error {
  constructor(detail) { super(detail); this.name = 'KeyRequired'; }
}

const chart = createChart($('chart'), { autoSize: true, timeScale: { timeVisible: true, secondsVisible: false }, rightPriceScale: { borderVisible: false } });
const candles = chart.addSeries(CandlestickSeries, {}, 0);
const predicted = chart.addSeries(LineSeries, { lineWidth: 2, title: 'predicted' }, 0);
const upperBand = chart.addSeries(LineSeries, { lineWidth: 1, lineStyle: LineStyle.Dashed, title: 'upper' }, 0);
const lowerBand = chart.addSeries(LineSeries, { lineWidth: 1, lineStyle: LineStyle.Dashed, title: 'lower' }, 0);
const bbUpper = chart.addSeries(LineSeries, { lineWidth: 1, title: 'BB upper', priceLineVisible: false, lastValueVisible: false }, 0);
const bbLower = chart.addSeries(LineSeries, { lineWidth: 1, title: 'BB lower', priceLineVisible: false, lastValueVisible: false }, 0);
const rsi = chart.addSeries(LineSeries, { lineWidth: 1, title: 'RSI 14' }, 1);
const macdHist = chart.addSeries(HistogramSeries, { title: 'MACD hist' }, 2);
const macdLine = chart.addSeries(LineSeries, { lineWidth: 1, title: 'MACD' }, 2);
const macdSignal = chart.addSeries(LineSeries, { lineWidth: 1, title: 'signal' }, 2);
chart.panes()[0].setStretchFactor(3);

function applyTheme(name) {
  const t = themes[name];
  document.documentElement.dataset.theme = name;
  $('theme').textContent = name === 'dark' ? 'Light theme' : 'Dark theme';
  chart.applyOptions({ layout: { background: { type: ColorType.Solid, color: t.background }, textColor: t.text }, grid: { vertLines: { color: t.grid }, horzLines: { color: t.grid } } });
  candles.applyOptions({ upColor: t.up, downColor: t.down, wickUpColor: t.up, wickDownColor: t.down, borderVisible: false });
  predicted.applyOptions({ color: t.prediction });
  upperBand.applyOptions({ color: t.band });
  lowerBand.applyOptions({ color: t.band });
  bbUpper.applyOptions({ color: t.bb });
  bbLower.applyOptions({ color: t.bb });
  rsi.applyOptions({ color: t.prediction });
  macdLine.applyOptions({ color: t.up });
  macdSignal.applyOptions({ color: t.down });
  macdHist.applyOptions({ color: t.grid });
  localStorage.setItem('psdk-theme', name);
}

async function getJson(url) {
  const key = apiKey();
  const response = await fetch(url, key ? { headers: { 'X-Api-Key': key } } : {});
  if (response.status === 401) throw new KeyRequired(key ? 'The server refused this key.' : 'This server needs an API key.');
  if (response.status === 429) {
    const problem = await response.json().catch(() => ({}));
    throw new KeyRequired(problem.detail || `Too many requests; retry in ${response.headers.get('Retry-After') || 'a minute'} s.`);
  }
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function base64Url(text) {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// Shows the key form with a message and resolves once a key has been entered and stored.
function askForKey(message) {
  const form = $('key-form');
  $('key-error').textContent = message;
  $('status').textContent = 'API key needed';
  $('status').className = 'status';
  form.hidden = false;
  $('forget-key').hidden = true;
  $('api-key').value = '';
  $('api-key').focus();
  return new Promise((resolve) => {
    form.onsubmit = (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) return;
      sessionStorage.setItem(keyStore, key);
      form.hidden = true;
      $('forget-key').hidden = false;
      resolve();
    };
  });
}

function indicatorPoints(rows, key) {
  return rows.filter((r) => r.indicators && r.indicators[key] != null).map((r) => ({ time: toTime(r.timestamp), value: r.indicators[key] }));
}

async function loadHistory() {
  const body = await getJson(`/api/v1/candles/${encodeURIComponent(state.symbol)}?interval=${state.timeframe}&limit=500`);
  const rows = body.candles;
  candles.setData(rows.map((c) => ({ time: toTime(c.timestamp), open: c.open, high: c.high, low: c.low, close: c.close })));
  bbUpper.setData(indicatorPoints(rows, 'bb_upper'));
  bbLower.setData(indicatorPoints(rows, 'bb_lower'));
  rsi.setData(indicatorPoints(rows, 'rsi14'));
  macdLine.setData(indicatorPoints(rows, 'macd'));
  macdSignal.setData(indicatorPoints(rows, 'macd_signal'));
  macdHist.setData(indicatorPoints(rows, 'macd_hist'));
  state.lastBar = rows.length ? { ...rows[rows.length - 1], time: toTime(rows[rows.length - 1].timestamp) } : null;

  const history = await getJson(`/api/v1/history/${encodeURIComponent(state.symbol)}?limit=500`);
  const past = history.predictions.map((item) => item.prediction).filter((p) => p.horizon === 1).sort((a, b) => toTime(a.target_time) - toTime(b.target_time));
  predicted.setData(dedupeByTime(past.map((p) => ({ time: toTime(p.target_time), value: p.predicted_price }))));
  upperBand.setData(dedupeByTime(past.map((p) => ({ time: toTime(p.target_time), value: p.upper }))));
  lowerBand.setData(dedupeByTime(past.map((p) => ({ time: toTime(p.target_time), value: p.lower }))));
}

function dedupeByTime(points) {
  const byTime = new Map();
  for (const point of points) byTime.set(point.time, point);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

// Live 1m candles are folded into the selected timeframe's bucket.
function onCandle(message) {
  const c = message.candle;
  state.candles += 1;
  $('candle-count').textContent = String(state.candles);
  if (message.is_final) state.scoreboard.settle(message.symbol, toTime(c.timestamp) + 60, c.close);
  renderScore();

  const bucket = Math.floor(toTime(c.timestamp) / timeframeSeconds[state.timeframe]) * timeframeSeconds[state.timeframe];
  let bar = { time: bucket, open: c.open, high: c.high, low: c.low, close: c.close };
  if (state.lastBar && state.lastBar.time === bucket && state.timeframe !== '1m') {
    bar = { time: bucket, open: state.lastBar.open, high: Math.max(state.lastBar.high, c.high), low: Math.min(state.lastBar.low, c.low), close: c.close };
  }
  if (state.lastBar && bucket < state.lastBar.time) return;
  // After a reconnect or a symbol switch the REST history may already hold a newer bar than this message.
  if (!safeUpdate(candles, bar)) return;
  if (message.is_final) state.lastBar = { ...bar };

  const ind = message.indicators;
  if (state.timeframe === '1m' && ind) {
    const time = toTime(c.timestamp);
    if (ind.rsi14 != null) safeUpdate(rsi, { time, value: ind.rsi14 });
    if (ind.macd != null) safeUpdate(macdLine, { time, value: ind.macd });
    if (ind.macd_signal != null) safeUpdate(macdSignal, { time, value: ind.macd_signal });
    if (ind.macd_hist != null) safeUpdate(macdHist, { time, value: ind.macd_hist });
    if (ind.bb_upper != null) safeUpdate(bbUpper, { time, value: ind.bb_upper });
    if (ind.bb_lower != null) safeUpdate(bbLower, { time, value: ind.bb_lower });
  }
}

function onPrediction(message) {
  const p = message.prediction;
  state.predictions += 1;
  $('prediction-count').textContent = String(state.predictions);
  state.scoreboard.add(p);
  if (p.horizon === 1) {
    const time = toTime(p.target_time);
    safeUpdate(predicted, { time, value: p.predicted_price });
    safeUpdate(upperBand, { time, value: p.upper });
    safeUpdate(lowerBand, { time, value: p.lower });
  }
  const fields = $('prediction');
  const set = (name, text) => { fields.querySelector(`[data-field="${name}"]`).textContent = text; };
  set('current_price', p.current_price.toFixed(2));
  set('predicted_price', p.predicted_price.toFixed(2));
  set('band', `${p.lower.toFixed(2)} – ${p.upper.toFixed(2)}`);
  set('direction', p.direction);
  fields.querySelector('[data-field="direction"]').className = p.direction === 'up' ? 'up' : p.direction === 'down' ? 'down' : '';
  set('confidence', `${(p.confidence * 100).toFixed(1)} %`);
  set('horizon', `${p.horizon} bar(s)`);
  $('model').querySelector('[data-field="version"]').textContent = p.model_version || '–';

  const threshold = Number($('threshold').value);
  if (Number.isFinite(threshold) && Math.abs(p.change_percent) >= threshold) {
    const item = document.createElement('li');
    item.textContent = `${new Date(p.timestamp).toISOString().slice(11, 16)} ${p.symbol} ${p.direction} ${p.change_percent.toFixed(3)} % (h=${p.horizon})`;
    $('alerts').prepend(item);
    while ($('alerts').children.length > 20) $('alerts').lastChild.remove();
  }
}

// A live point may be older than the series' last one (after a reconnect, or a history load that raced the
// WebSocket); the chart cannot insert into its past, so such points are skipped. Returns whether it was drawn.
function safeUpdate(series, point) {
  try { series.update(point); return true; } catch { return false; }
}

function renderScore() {
  const score = state.scoreboard.summary(state.symbol);
  const panel = $('model');
  panel.querySelector('[data-field="hit_rate"]').textContent = score.directional ? `${(score.hitRate * 100).toFixed(1)} % of ${score.directional}` : '–';
  panel.querySelector('[data-field="coverage"]').textContent = score.scored ? `${(score.coverage * 100).toFixed(1)} %` : '–';
  panel.querySelector('[data-field="scored"]').textContent = String(score.scored);
}

// Which version serves the symbol (and the challenger in shadow) and every version's live scores, from the server's
// own scoreboard of settled outcomes; refreshed every few seconds.
async function renderVersions() {
  const live = await getJson('/api/v1/models/live').catch(() => null);
  if (!live) return;
  const serving = live.symbols.find((s) => s.symbol === state.symbol);
  $('serving').textContent = serving && serving.model_version
    ? `Serving ${serving.model_version}${serving.challenger ? `; challenger ${serving.challenger} in shadow` : ''}${live.adaptive ? ' (adaptive)' : ''}`
    : '–';
  const body = $('versions').querySelector('tbody');
  body.replaceChildren(...live.scores.filter((s) => s.symbol === state.symbol).map((s) => {
    const row = document.createElement('tr');
    const cells = [s.model_version, String(s.horizon), String(s.outcomes),
      s.direction_accuracy == null ? '–' : `${(s.direction_accuracy * 100).toFixed(1)} %`,
      s.log_loss == null ? '–' : s.log_loss.toFixed(4), `${(s.coverage * 100).toFixed(1)} %`];
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }));
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const key = apiKey();
  const socket = key
    ? new WebSocket(`${scheme}://${location.host}/ws/stream`, ['psdk.v1', `psdk.key.${base64Url(key)}`])
    : new WebSocket(`${scheme}://${location.host}/ws/stream`);
  state.socket = socket;
  socket.onopen = () => {
    $('status').textContent = 'live';
    $('status').className = 'status live';
    socket.send(JSON.stringify({ action: 'subscribe', symbols: [state.symbol] }));
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.symbol && message.symbol !== state.symbol) return;
    if (message.type === 'candle') onCandle(message);
    else if (message.type === 'prediction') onPrediction(message);
  };
  socket.onclose = () => {
    $('status').textContent = 'reconnecting…';
    $('status').className = 'status';
    if (state.socket === socket) setTimeout(reconnect, 1000);
  };
}

// Before opening a new socket, check the key still works, so a changed key asks the user instead of retrying forever.
async function reconnect() {
  try {
    await getJson('/api/v1/symbols');
  } catch (error) {
    if (!(error instanceof KeyRequired)) { setTimeout(reconnect, 1000); return; }
    sessionStorage.removeItem(keyStore);
    await askForKey(error.message);
  }
  connect();
}

async function switchTo(symbol, timeframe) {
  const previous = state.symbol;
  state.symbol = symbol;
  state.timeframe = timeframe;
  await loadHistory();
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    if (previous && previous !== symbol) state.socket.send(JSON.stringify({ action: 'unsubscribe', symbols: [previous] }));
    state.socket.send(JSON.stringify({ action: 'subscribe', symbols: [symbol] }));
  }
  renderScore();
  renderVersions();
}

async function start() {
  applyTheme(localStorage.getItem('psdk-theme') || 'dark');
  $('theme').addEventListener('click', () => applyTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'));
  $('forget-key').hidden = !apiKey();
  $('forget-key').addEventListener('click', () => { sessionStorage.removeItem(keyStore); location.reload(); });
  let symbols;
  for (;;) {
    try {
      ({ symbols } = await getJson('/api/v1/symbols'));
      break;
    } catch (error) {
      if (!(error instanceof KeyRequired)) throw error;
      sessionStorage.removeItem(keyStore);
      await askForKey(error.message);
    }
  }
  const models = await getJson('/api/v1/models').catch(() => ({ models: [] }));
  if (models.models.length) $('model').querySelector('[data-field="version"]').textContent = models.models[0].model_version;
  for (const s of symbols) {
    const option = document.createElement('option');
    option.value = s.symbol;
    option.textContent = s.symbol;
    $('symbol').append(option);
  }
  $('symbol').addEventListener('change', () => switchTo($('symbol').value, state.timeframe));
  $('timeframe').addEventListener('change', () => switchTo(state.symbol, $('timeframe').value));
  await switchTo(symbols[0].symbol, '1m');
  connect();
  renderVersions();
  setInterval(renderVersions, 5000);
}

start().catch((error) => { $('status').textContent = `error: ${error.message}`; });
