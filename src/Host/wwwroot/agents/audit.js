// The supervisors' audit of access to personal data (/agents/api/audit): a date range (Nairobi days), pages of
// 50, newest first. The first page refreshes itself; older pages stay as they are while being read.
(function () {
  'use strict';
  var $ = function (s) { return document.querySelector(s); };
  var size = 50, page = 1, total = 0;
  var what = { transcript: 'opened the conversation', 'sms-thread': 'opened the SMS thread', numbers: 'revealed numbers', export: 'exported' };

  function nairobiDate(offsetDays) {
    var d = new Date(Date.now() + 3 * 3600 * 1000 - offsetDays * 86400 * 1000); // East Africa Time, no daylight saving
    return d.toISOString().slice(0, 10);
  }
  function cell(row, text) { var td = document.createElement('td'); td.textContent = text == null ? '' : text; row.appendChild(td); }

  function load() {
    var query = '?from=' + $('#audit-from').value + '&to=' + $('#audit-to').value + '&page=' + page + '&size=' + size;
    return fetch('/agents/api/audit' + query, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
      total = d.total;
      $('#audit-kept').textContent = d.keptDays;
      var body = $('#audit-table tbody'); body.textContent = '';
      d.entries.forEach(function (e) {
        var row = document.createElement('tr');
        row.dataset.subject = e.subject; row.dataset.who = e.who; row.dataset.what = e.what;
        cell(row, new Date(e.at).toLocaleString('en-GB', { timeZone: 'Africa/Nairobi' }));
        cell(row, e.who); cell(row, what[e.what] || e.what); cell(row, e.subject); cell(row, e.detail); cell(row, e.via); cell(row, e.from);
        body.appendChild(row);
      });
      if (!d.entries.length) { var none = document.createElement('tr'); cell(none, 'Nothing in these days.'); body.appendChild(none); }
      var first = total ? (page - 1) * size + 1 : 0;
      $('#audit-position').textContent = first + '–' + ((page - 1) * size + d.entries.length) + ' of ' + total;
      $('#audit-newer').disabled = page <= 1;
      $('#audit-older').disabled = page * size >= total;
      document.body.dataset.auditReady = 'true';
    });
  }

  $('#audit-from').value = nairobiDate(6);
  $('#audit-to').value = nairobiDate(0);
  $('#audit-range').onsubmit = function (e) { e.preventDefault(); page = 1; load(); };
  $('#audit-newer').onclick = function () { if (page > 1) { page--; load(); } };
  $('#audit-older').onclick = function () { if (page * size < total) { page++; load(); } };
  load();
  setInterval(function () { if (page === 1) load(); }, 10000);
})();
