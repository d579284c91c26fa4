// femto4j web console, Femto-Containers tab: polls data.json every second, updates the counters and the stores
// in place (textContent only, never HTML from data) and draws runs and faults per second on the canvas.
(function () {
  'use strict';
  var root = document.getElementById('femto');
  if (!root) { return; }
  var url = root.getAttribute('data-json');
  var canvas = document.getElementById('femto-chart');
  var HISTORY = 60;
  var samples = [];      // {runs: per second, faults: per second}
  var previous = null;   // {time, runs, faults}: totals of the last poll

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = value; }
  }

  function format(field, value) {
    return typeof value === 'number' && /PerRun$/.test(field) ? value.toFixed(1) : String(value);
  }

  function updateContainers(containers) {
    containers.forEach(function (c) {
      var key = c.device + '/' + c.id;
      ['state', 'runs', 'faults', 'instructions', 'hostMicrosPerRun', 'deviceMicrosPerRun'].forEach(function (f) {
        document.querySelectorAll('td[data-f="' + f + '"]').forEach(function (td) {
          if (td.getAttribute('data-c') === key) { td.textContent = format(f, c[f]); }
        });
      });
    });
  }

  function cell(row, value, cls) {
    var td = document.createElement('td');
    td.textContent = value;
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }

  function updateStores(stores) {
    var table = document.getElementById('femto-stores');
    if (!table) { return; }
    var body = document.createElement('tbody');
    stores.forEach(function (s) {
      var entries = s.entries.length ? s.entries : [null];
      entries.forEach(function (e) {
        var row = document.createElement('tr');
        cell(row, s.device); cell(row, s.scope); cell(row, s.owner); cell(row, s.size + '/' + s.capacity, 'num');
        if (e) {
          cell(row, e.key); cell(row, String(e.value), 'num'); cell(row, e.owner);
        } else {
          cell(row, '(empty)').colSpan = 3;
        }
        body.appendChild(row);
      });
    });
    table.replaceChild(body, table.tBodies[0]);
  }

  function sample(data) {
    var runs = 0, faults = 0;
    data.containers.forEach(function (c) { runs += c.runs; faults += c.faults; });
    if (previous && data.time > previous.time) {
      var seconds = (data.time - previous.time) / 1000;
      samples.push({ runs: Math.max(0, runs - previous.runs) / seconds, faults: Math.max(0, faults - previous.faults) / seconds });
      if (samples.length > HISTORY) { samples.shift(); }
      var last = samples[samples.length - 1];
      text('femto-runs-rate', last.runs.toFixed(1));
      text('femto-faults-rate', last.faults.toFixed(1));
    }
    previous = { time: data.time, runs: runs, faults: faults };
    text('femto-updated', 'updated ' + new Date(data.time).toLocaleTimeString() + ', ' + runs + ' runs and ' + faults + ' faults in all');
  }

  function draw() {
    if (!canvas || !canvas.getContext) { return; }
    var g = canvas.getContext('2d'), w = canvas.width, h = canvas.height, pad = 22;
    g.clearRect(0, 0, w, h);
    var max = 1;
    samples.forEach(function (s) { max = Math.max(max, s.runs, s.faults); });
    g.strokeStyle = '#ddd'; g.fillStyle = '#666'; g.font = '10px sans-serif';
    g.beginPath(); g.moveTo(pad, 4); g.lineTo(pad, h - pad); g.lineTo(w - 4, h - pad); g.stroke();
    g.fillText(max.toFixed(0) + '/s', 2, 12); g.fillText('0', 10, h - pad);
    g.fillText('last ' + HISTORY + ' s', w - 60, h - 6);
    function line(field, color) {
      g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
      samples.forEach(function (s, i) {
        var x = pad + (w - pad - 4) * (i + HISTORY - samples.length) / (HISTORY - 1);
        var y = (h - pad) - (h - pad - 6) * s[field] / max;
        if (i === 0) { g.moveTo(x, y); } else { g.lineTo(x, y); }
      });
      g.stroke();
    }
    line('runs', '#1565c0');
    line('faults', '#c62828');
    canvas.setAttribute('data-samples', String(samples.length));
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) { sample(data); updateContainers(data.containers); updateStores(data.stores); draw(); })
      .catch(function (e) { text('femto-updated', 'live view stopped: ' + e.message); })
      .then(function () { setTimeout(poll, 1000); });
  }
  draw();
  poll();
})();
