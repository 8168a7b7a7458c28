// The supervisors' SLA section (/agents/api/sla): the targets, tickets waiting past their deadline now, and
// breaches per channel today and over the days chosen in "Any days".
(function () {
  'use strict';
  var $ = function (s) { return document.querySelector(s); };
  function cell(row, text) { var td = document.createElement('td'); td.textContent = text == null ? '' : text; row.appendChild(td); }
  function duration(s) { return s < 60 ? Math.round(s) + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h'; }
  function nairobi(iso) { return new Date(iso).toLocaleString('en-GB', { timeZone: 'Africa/Nairobi', dateStyle: 'short', timeStyle: 'short' }); }

  function load() {
    var query = $('#range-from').value && $('#range-to').value
      ? '?from=' + encodeURIComponent($('#range-from').value) + '&to=' + encodeURIComponent($('#range-to').value) : '';
    return fetch('/agents/api/sla' + query, { credentials: 'same-origin' }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (d) {
      if (!d) return; // a bad range: "Any days" says why
      var targets = {};
      d.targets.forEach(function (t) { targets[t.channel] = duration(t.withinSeconds) + (t.workingHours ? ' of working time' : ''); });
      $('#sla-count').textContent = d.overdueCount;
      var overdue = $('#sla-overdue tbody'); overdue.textContent = '';
      d.overdue.forEach(function (o) {
        var row = document.createElement('tr'); row.dataset.reference = o.reference;
        cell(row, o.reference); cell(row, o.channel); cell(row, nairobi(o.deadline)); cell(row, duration(o.overdueSeconds));
        overdue.appendChild(row);
      });
      $('#sla-none').hidden = d.overdue.length > 0;
      $('#sla-range').textContent = d.from + ' to ' + d.to;
      var breaches = $('#sla-breaches tbody'); breaches.textContent = '';
      d.breaches.forEach(function (b) {
        var row = document.createElement('tr'); row.dataset.channel = b.channel;
        cell(row, b.channel); cell(row, targets[b.channel] || 'none'); cell(row, b.today); cell(row, b.inRange);
        breaches.appendChild(row);
      });
      document.body.dataset.slaReady = d.from + '..' + d.to;
    }).catch(function () {});
  }
  $('#range-show').addEventListener('click', load);
  load(); setInterval(load, 5000);
})();
