// The supervisors' figures from /agents/api/dashboard, with a bar for each queue.
(function () {
  'use strict';
  function cell(row, text) { var td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }
  function duration(s) { return s == null ? '–' : s < 60 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min'; }
  function load() {
    fetch('/agents/api/dashboard', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
      var most = Math.max.apply(null, d.now.map(function (c) { return c.waiting; }).concat([1]));
      var now = document.querySelector('#now tbody'); now.textContent = '';
      d.now.forEach(function (c) {
        var row = document.createElement('tr'); row.dataset.channel = c.channel;
        cell(row, c.channel); cell(row, c.waiting);
        var bar = document.createElement('div'); bar.className = 'bar'; bar.style.width = (100 * c.waiting / most) + '%';
        bar.style.cssText += ';background:#0b5d1e;height:.8em;min-width:1px';
        cell(row, '').appendChild(bar); bar.parentNode.style.width = '12em';
        cell(row, duration(c.longestWaitSeconds)); cell(row, c.claimed);
        now.appendChild(row);
      });
      var today = document.querySelector('#today tbody'); today.textContent = '';
      d.today.forEach(function (c) {
        var row = document.createElement('tr'); row.dataset.channel = c.channel;
        cell(row, c.channel); cell(row, c.resolved); cell(row, c.withdrawn); cell(row, duration(c.averageWaitSeconds));
        cell(row, duration(c.averageHandleSeconds)); cell(row, c.ratings); cell(row, c.averageRating == null ? '–' : c.averageRating.toFixed(2));
        today.appendChild(row);
      });
      document.querySelector('#since').textContent = 'since ' + new Date(d.dayStarted).toLocaleString();
      document.body.dataset.ready = 'true';
    });
  }
  load(); setInterval(load, 5000);
})();
