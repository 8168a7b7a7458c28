// The supervisors' figures from /agents/api/dashboard: tables to read, and small SVG bar charts (no
// library) where a shape says more than a number.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  function cell(row, text) { var td = document.createElement('td'); td.textContent = text; row.appendChild(td); return td; }
  function duration(s) { return s == null ? '–' : s < 60 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min'; }
  function percent(x) { return x == null ? '–' : Math.round(100 * x) + '%'; }
  function node(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  // Vertical bars: one group per label, one bar per series; values written above the bars. Nothing to
  // show (every value 0, or hasData false): the axes and "no data yet", rather than labels over nothing.
  function bars(container, labels, series, max, hasData) {
    var w = Math.max(240, labels.length * (series.length * 14 + 10)), h = 140, base = h - 20, top = 14;
    var values = [].concat.apply([], series.map(function (s) { return s.values; }));
    var most = max || Math.max.apply(null, [1].concat(values));
    var svg = node('svg', { viewBox: '0 0 ' + w + ' ' + h, width: w, height: h, role: 'img' });
    // Its name for a screen reader: the figure's caption and every value.
    var caption = container.closest('figure').querySelector('figcaption').textContent.trim();
    if (!(hasData == null ? values.some(function (v) { return v; }) : hasData)) {
      svg.appendChild(node('line', { x1: 1, x2: w, y1: base, y2: base, stroke: '#999' }));
      svg.appendChild(node('line', { x1: 1, x2: 1, y1: top, y2: base, stroke: '#999' }));
      svg.appendChild(node('text', { x: w / 2, y: (top + base) / 2, 'text-anchor': 'middle', 'font-size': 12, fill: '#4a4f47' }, 'no data yet'));
      svg.setAttribute('aria-label', caption + ': no data yet');
      container.textContent = ''; container.appendChild(svg);
      return;
    }
    var group = w / labels.length, barW = Math.min(28, (group - 8) / series.length);
    labels.forEach(function (label, i) {
      series.forEach(function (s, j) {
        var v = s.values[i] || 0, bh = (base - top) * v / most;
        var x = i * group + (group - barW * series.length) / 2 + j * barW;
        var rect = node('rect', { x: x, y: base - bh, width: barW - 2, height: Math.max(bh, 0.5), fill: s.color, 'data-series': s.name, 'data-value': v });
        rect.appendChild(node('title', {}, label + ' ' + s.name + ': ' + s.format(v)));
        svg.appendChild(rect);
        if (v) svg.appendChild(node('text', { x: x + (barW - 2) / 2, y: base - bh - 3, 'text-anchor': 'middle', 'font-size': 9 }, s.format(v)));
      });
      svg.appendChild(node('text', { x: i * group + group / 2, y: h - 6, 'text-anchor': 'middle', 'font-size': 10 }, label));
    });
    svg.appendChild(node('line', { x1: 0, x2: w, y1: base, y2: base, stroke: '#999' }));
    svg.setAttribute('aria-label', caption + ': ' + labels.map(function (label, i) {
      return label + ' ' + series.map(function (s) { return (series.length > 1 ? s.name + ' ' : '') + s.format(s.values[i] || 0); }).join(', ');
    }).join('; '));
    container.textContent = ''; container.appendChild(svg);
  }
  function count(v) { return String(v); }

  function load() {
    fetch('/agents/api/dashboard', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
      var most = Math.max.apply(null, d.now.map(function (c) { return c.waiting; }).concat([1]));
      var now = document.querySelector('#now tbody'); now.textContent = '';
      d.now.forEach(function (c) {
        var row = document.createElement('tr'); row.dataset.channel = c.channel;
        cell(row, c.channel); cell(row, c.waiting);
        var bar = document.createElement('div'); bar.className = 'bar'; bar.style.width = (100 * c.waiting / most) + '%';
        cell(row, '').appendChild(bar); bar.parentNode.style.width = '12em';
        cell(row, duration(c.longestWaitSeconds)); cell(row, c.claimed);
        now.appendChild(row);
      });
      var today = document.querySelector('#today tbody'); today.textContent = '';
      d.today.forEach(function (c) {
        var row = document.createElement('tr'); row.dataset.channel = c.channel;
        cell(row, c.channel); cell(row, c.resolved); cell(row, c.withdrawn); cell(row, duration(c.averageWaitSeconds));
        cell(row, duration(c.averageHandleSeconds)); cell(row, c.ratings); cell(row, c.averageRating == null ? '–' : c.averageRating.toFixed(2));
        cell(row, c.conversations); cell(row, c.escalated); cell(row, percent(c.botShare));
        today.appendChild(row);
      });
      bars(document.querySelector('#chart-bot'), d.today.map(function (c) { return c.channel; }),
        [{ name: 'bot alone', color: '#0b5d1e', values: d.today.map(function (c) { return c.botShare || 0; }), format: percent }], 1,
        d.today.some(function (c) { return c.botShare != null; })); // 0% of some conversations is data
      bars(document.querySelector('#chart-ratings'), ['1', '2', '3', '4', '5'],
        [{ name: 'ratings', color: '#c98a00', values: d.ratingCounts, format: count }]);
      bars(document.querySelector('#chart-reminders'), d.reminders.map(function (r) { return r.date.slice(5); }), [
        { name: 'reminders sent', color: '#4a78b5', values: d.reminders.map(function (r) { return r.remindersSent; }), format: count },
        { name: 'documents collected', color: '#0b5d1e', values: d.reminders.map(function (r) { return r.documentsCollected; }), format: count }]);
      document.querySelector('#calls-count').textContent = d.voice.calls;
      document.querySelector('#calls-transferred').textContent = d.voice.transferred;
      document.querySelector('#calls-length').textContent = duration(d.voice.averageSeconds);
      // The day is Nairobi's, whatever the supervisor's computer is set to.
      document.querySelector('#since').textContent = 'since ' + new Date(d.dayStarted).toLocaleString('en-GB', { timeZone: 'Africa/Nairobi' }) + ' in Nairobi';
      document.body.dataset.ready = 'true';
    });
  }
  load(); setInterval(load, 5000);
})();
