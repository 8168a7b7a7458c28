// The supervisors' figures for any Nairobi days (/agents/api/dashboard/range): per channel and per agent.
// The same form's "Download CSV" is a plain GET of /agents/api/export.csv with its fields, which the browser saves.
(function () {
  'use strict';
  var $ = function (s) { return document.querySelector(s); };
  function cell(row, text) { var td = document.createElement('td'); td.textContent = text == null ? '' : text; row.appendChild(td); }
  function duration(s) { return s == null ? '–' : s < 60 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min'; }
  function percent(x) { return x == null ? '–' : Math.round(100 * x) + '%'; }
  function rating(x) { return x == null ? '–' : x.toFixed(2); }
  function nairobiDate(offsetDays) {
    var d = new Date(Date.now() + 3 * 3600 * 1000 - offsetDays * 86400 * 1000); // East Africa Time, no daylight saving
    return d.toISOString().slice(0, 10);
  }

  function load() {
    var query = '?from=' + encodeURIComponent($('#range-from').value) + '&to=' + encodeURIComponent($('#range-to').value);
    return fetch('/agents/api/dashboard/range' + query, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (d) { if (!r.ok) throw new Error(d.detail || r.statusText); return d; });
    }).then(function (d) {
      $('#range-error').textContent = '';
      $('#range-shown').textContent = d.from + ' to ' + d.to;
      var channels = $('#range-channels tbody'); channels.textContent = '';
      d.channels.forEach(function (c) {
        var row = document.createElement('tr'); row.dataset.channel = c.channel;
        cell(row, c.channel); cell(row, c.resolved); cell(row, c.withdrawn); cell(row, duration(c.averageWaitSeconds));
        cell(row, duration(c.averageHandleSeconds)); cell(row, c.ratings); cell(row, rating(c.averageRating));
        cell(row, c.conversations); cell(row, c.escalated); cell(row, percent(c.botShare));
        channels.appendChild(row);
      });
      var agents = $('#range-agents tbody'); agents.textContent = '';
      var names = $('#range-agent-names'); names.textContent = '';
      d.agents.forEach(function (a) {
        var row = document.createElement('tr'); row.dataset.agent = a.agent;
        cell(row, a.agent); cell(row, a.handled); cell(row, duration(a.averageHandleSeconds)); cell(row, a.ratings);
        cell(row, rating(a.averageRating)); cell(row, a.holdingNow);
        agents.appendChild(row);
        var option = document.createElement('option'); option.value = a.agent; names.appendChild(option);
      });
      if (!d.agents.length) { var none = document.createElement('tr'); cell(none, 'No agent resolved a ticket in these days.'); agents.appendChild(none); }
      document.body.dataset.rangeReady = d.from + '..' + d.to;
    }).catch(function (e) { $('#range-error').textContent = e.message; });
  }

  $('#range-from').value = nairobiDate(6);
  $('#range-to').value = nairobiDate(0);
  $('#range-show').onclick = load;
  load();
})();
