// The agent console: the live queue from every channel (SignalR), claim, the conversation, reply, resolve.
// Every change is a POST to /agents/api with the anti-forgery token; the hub only pushes.
(function () {
  'use strict';
  var $ = function (s) { return document.querySelector(s); };
  var me = '', csrf = '', tickets = {}, open = null, typedAt = 0, canned = [], totalWaiting = 0, offers = {};
  var unread = {}, seenLines = {}, baseTitle = 'Huduma agents', languages = { en: 'English', sw: 'Kiswahili' };

  function api(method, path, body) { return call(method, '/agents/api/escalations' + path, body); }

  function call(method, url, body) {
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      if (r.status === 204) return null;
      return r.json().then(function (j) { if (!r.ok) throw new Error(j.detail || r.status); return j; });
    });
  }

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function duration(s) { s = Math.max(0, Math.round(s)); return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min'; }
  // Waiting runs until the claim and stops there; handling runs from the claim (server times, ticking here between updates).
  function waited(t) { return duration(t.status === 'open' ? (Date.now() - Date.parse(t.createdAt)) / 1000 : t.waitingSeconds); }
  function handled(t) { return t.claimedAt ? duration(((t.resolvedAt ? Date.parse(t.resolvedAt) : Date.now()) - Date.parse(t.claimedAt)) / 1000) : null; }
  function timing(t) { return t.status === 'open' ? 'waiting ' + waited(t) : 'waited ' + waited(t) + (handled(t) ? ' · handling ' + handled(t) : ''); }
  // Times as the desk keeps them: Nairobi (East Africa Time, no daylight saving), whatever the agent's computer says.
  function nairobi(at, withDate) {
    var o = { timeZone: 'Africa/Nairobi', hour: '2-digit', minute: '2-digit', hour12: false };
    if (withDate) { o.day = 'numeric'; o.month = 'short'; }
    return new Date(at).toLocaleString('en-GB', o) + ' EAT';
  }

  // A new ticket or message: a short beep (Web Audio, no file to fetch), the count in the tab's title, a marker on the ticket.
  var audio = null;
  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.08;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.15);
      document.body.dataset.beeps = String((parseInt(document.body.dataset.beeps || '0', 10)) + 1);
    } catch (e) { /* no audio: the title and marker still tell */ }
  }
  function markUnread(reference) { unread[reference] = true; beep(); showTitle(); }
  function markRead(reference) { delete unread[reference]; showTitle(); }
  function showTitle() { var n = Object.keys(unread).length; document.title = n ? '(' + n + ') ' + baseTitle : baseTitle; }

  // The SLA: time left until an agent must have taken it, counted down here from the deadline the API gives.
  function sla(t) {
    if (!t.slaDeadline || t.status !== 'open') return null;
    var s = Math.round((Date.parse(t.slaDeadline) - Date.now()) / 1000), span = duration(Math.abs(s));
    return s > 0 ? el('span', 'sla', 'SLA ' + span + ' left') : el('span', 'sla sla-late', 'SLA breached ' + span + ' ago');
  }

  function render() {
    var all = Object.keys(tickets).map(function (k) { return tickets[k]; });
    var waiting = all.filter(function (t) { return t.status === 'open'; }).sort(function (a, b) { return Date.parse(a.createdAt) - Date.parse(b.createdAt); });
    var mine = all.filter(function (t) { return t.status === 'claimed' && t.agent === me; });
    // The screen lists the longest-waiting 100; the header says how many wait in all.
    $('#waiting-count').textContent = totalWaiting > waiting.length ? waiting.length + ' of ' + totalWaiting : waiting.length;
    fill($('#queue'), waiting, true);
    fill($('#mine'), mine, false);
  }

  // The lists are kept in place, one <li> a ticket, and only their texts change on a redraw: a button that has the
  // keyboard's focus stays where it is (a list built anew every two seconds would throw the focus away).
  function sync(list, items, make, update) {
    var old = {};
    Array.prototype.forEach.call(list.children, function (li) { old[li.dataset.reference] = li; });
    items.forEach(function (item, i) {
      var li = old[item.reference] || make(item);
      delete old[item.reference];
      update(li, item);
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    Object.keys(old).forEach(function (k) { list.removeChild(old[k]); });
  }

  // A ticket's lines: its reference and badges, what it is about and how long it has waited, the SLA, what the citizen said last.
  function ticketLines(t) {
    var head = el('span', 'line');
    head.appendChild(el('strong', null, t.reference + ' '));
    head.appendChild(el('span', 'badge', t.channel));
    head.appendChild(el('span', 'badge', t.language));
    head.appendChild(el('span', 'meta', t.reason + ' · ' + timing(t)));
    var due = sla(t); if (due) head.appendChild(due);
    var said = t.transcript.filter(function (l) { return l.from === 'citizen'; }).map(function (l) { return l.text; });
    var calls = (t.calls || []).length ? ' · ' + t.calls.length + ' call' + (t.calls.length > 1 ? 's' : '') + ', last: ' + t.calls[t.calls.length - 1].outcome : '';
    return [head, el('span', 'line meta', (said.length ? '“' + said[said.length - 1] + '” · ' : '') + (t.steps || t.path || []).join(' › ') + calls)];
  }

  function fill(list, items, claimable) {
    sync(list, items, function (t) {
      var li = el('li', 'ticket'); li.dataset.reference = t.reference;
      if (claimable) {
        li.appendChild(el('div', 'lines'));
        // "Claim" says which ticket to a screen reader, as the buttons of a list all look alike.
        var b = el('button', 'claim primary', 'Claim'); b.type = 'button';
        b.appendChild(el('span', 'visually-hidden', ' ' + t.reference));
        b.onclick = function () { claim(t.reference); };
        li.appendChild(b);
      } else {
        var opener = el('button', 'open-ticket lines'); opener.type = 'button';
        opener.onclick = function () { show(t.reference); };
        li.appendChild(opener);
      }
      return li;
    }, function (li, t) {
      li.className = 'ticket' + (open === t.reference ? ' open-detail' : '') + (unread[t.reference] ? ' unread' : '');
      var lines = li.querySelector('.lines');
      lines.replaceChildren.apply(lines, ticketLines(t));
      if (!claimable) lines.setAttribute('aria-current', String(open === t.reference));
    });
  }

  function claim(reference) {
    api('POST', '/' + reference + '/claim', {}).then(function (t) { tickets[t.reference] = t; render(); show(t.reference); })
      .catch(function (e) { alert(e.message); load(); });
  }

  // Offers: a ticket put to this agent alone, to accept (a claim) or decline before its deadline.
  // Redrawn every second for the countdowns, in place: only the "accept within" text changes. A new offer is
  // said once, through #offer-news (the list is no live region, or it would be read out every second).
  function renderOffers() {
    var all = Object.keys(offers).map(function (k) { return offers[k]; }).sort(function (a, b) { return Date.parse(a.offeredAt) - Date.parse(b.offeredAt); });
    sync($('#offers'), all, function (o) {
      var t = o.ticket, li = el('li', 'ticket offer'); li.dataset.reference = o.reference;
      var head = el('div');
      head.appendChild(el('strong', null, o.reference + ' '));
      head.appendChild(el('span', 'badge', t.channel));
      head.appendChild(el('span', 'badge', t.language));
      head.appendChild(el('span', 'meta', t.reason + ' · '));
      head.appendChild(el('span', 'meta left'));
      li.appendChild(head);
      var said = t.transcript.filter(function (l) { return l.from === 'citizen'; }).map(function (l) { return l.text; });
      if (said.length) li.appendChild(el('div', 'meta', '“' + said[said.length - 1] + '”'));
      var accept = el('button', 'accept primary', 'Accept'), decline = el('button', 'decline', 'Decline');
      accept.type = decline.type = 'button';
      accept.appendChild(el('span', 'visually-hidden', ' ' + o.reference));
      decline.appendChild(el('span', 'visually-hidden', ' ' + o.reference));
      accept.onclick = function () { answerOffer(o.reference, 'accept'); };
      decline.onclick = function () { answerOffer(o.reference, 'decline'); };
      li.appendChild(accept); li.appendChild(decline);
      return li;
    }, function (li, o) {
      li.querySelector('.left').textContent = 'accept within ' + Math.max(0, Math.round((Date.parse(o.deadline) - Date.now()) / 1000)) + ' s';
    });
    $('#offers-box').hidden = all.length === 0;
  }

  function announceOffer(o) {
    $('#offer-news').textContent = 'Offered to you: ticket ' + o.reference + ', ' + o.ticket.channel + ', ' + (languages[o.ticket.language] || o.ticket.language) +
      '. Accept within ' + Math.max(0, Math.round((Date.parse(o.deadline) - Date.now()) / 1000)) + ' seconds.';
  }

  function answerOffer(reference, answer) {
    delete offers[reference]; renderOffers();
    call('POST', '/agents/api/offers/' + reference + '/' + answer, {}).then(function (t) {
      $('#offer-error').hidden = true;
      if (answer === 'accept') { tickets[t.reference] = t; render(); show(t.reference); }
    }).catch(function (e) { $('#offer-error').textContent = e.message; $('#offer-error').hidden = false; });
  }

  function loadOffers() {
    return call('GET', '/agents/api/offers').then(function (list) {
      offers = {}; list.forEach(function (o) { offers[o.reference] = o; }); renderOffers();
    }).catch(function () {});
  }

  $('#presence').onchange = function () {
    call('POST', '/agents/api/presence', { status: $('#presence').value }).then(function (p) { $('#presence').value = p.status; })
      .catch(function (e) { alert(e.message); });
  };

  function showError(err) { $('#d-error').textContent = err.message; $('#d-error').hidden = false; }

  function show(reference) {
    open = reference; markRead(reference); $('#detail').hidden = false; $('#d-error').hidden = true; $('#d-revealed').textContent = ''; render(); refresh();
  }

  // Personal data stays masked until the agent asks; the server records every reveal.
  $('#reveal').onclick = function () {
    if (!open) return;
    api('POST', '/' + open + '/reveal', {}).then(function (r) {
      $('#d-revealed').textContent = [r.phone, r.documentNumber].filter(Boolean).join(' · ') || '(nothing to reveal)';
      if (r.phone) { var phone = document.querySelector('#c-facts dd[data-fact=phone]'); if (phone) phone.textContent = r.phone; }
      (r.documents || []).forEach(function (d, i) {
        var n = document.querySelector('#c-documents li[data-index="' + i + '"] .number'); if (n) n.textContent = d.number;
      });
    }).catch(showError);
  };

  function refresh() {
    if (!open) return;
    api('GET', '/' + open).then(function (d) {
      var t = d.escalation; tickets[t.reference] = t;
      $('#d-title').textContent = t.reference + ' · ' + t.channel + ' · ' + t.language + ' · ' + t.status;
      $('#d-context').textContent = [t.phone, t.documentType, t.documentNumber, (t.steps || t.path || []).join(' › ')].filter(Boolean).join(' · ');
      $('#d-times').textContent = 'Opened ' + nairobi(t.createdAt, true) + ' · ' + timing(t);
      showSla(t);
      var list = $('#d-messages'), atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 30;
      list.textContent = '';
      (d.conversation || []).forEach(function (m) { list.appendChild(bubble(m)); });
      if (atBottom) list.scrollTop = list.scrollHeight;
      // A citizen's message that arrived since the agent last looked: beep and count it when the tab is in the background.
      var said = (d.conversation || []).filter(function (m) { return m.from === 'citizen'; }).length;
      if (seenLines[t.reference] != null && said > seenLines[t.reference] && document.hidden) markUnread(t.reference);
      else if (seenLines[t.reference] != null && said > seenLines[t.reference]) beep();
      seenLines[t.reference] = said;
      contact(d.contact);
      notes(d.notes || []);
      $('#d-typing').hidden = !d.citizenTyping;
      var calls = $('#d-calls'); calls.textContent = '';
      (t.calls || []).forEach(function (c) {
        calls.appendChild(el('li', 'call', nairobi(c.at) + ' ' + c.agent + ': ' + c.outcome + (c.note ? ' (' + c.note + ')' : '')));
      });
      // A call back is possible whenever there is a number; a reply in writing only on chat and SMS.
      $('#call').hidden = !t.phone;
      $('#reply').hidden = $('#canned').hidden = !(t.channel === 'chat' || t.channel === 'sms');
      if (t.status !== 'claimed') { open = null; $('#detail').hidden = true; }
      render();
    }).catch(function () {});
  }

  // The SLA is about the claim: while the ticket waits, the time left; once taken, whether it was taken in time.
  function showSla(t) {
    var line = $('#d-sla'), due = sla(t);
    line.textContent = '';
    if (due) line.appendChild(due);
    else if (t.slaDeadline && t.claimedAt) {
      var s = Math.round((Date.parse(t.slaDeadline) - Date.parse(t.claimedAt)) / 1000);
      line.appendChild(s >= 0 ? el('span', 'sla', 'SLA met: taken ' + duration(s) + ' before its deadline')
        : el('span', 'sla sla-late', 'SLA breached: taken ' + duration(-s) + ' after its deadline'));
    } else line.textContent = 'No SLA for this channel.';
  }

  function bubble(m) {
    var li = el('li', 'bubble ' + m.from);
    var who = m.from === 'citizen' ? 'Citizen' : m.name || (m.from === 'agent' ? 'Agent' : 'Huduma 1919');
    var head = el('span', 'who', who + ' · ' + nairobi(m.at));
    head.title = new Date(m.at).toLocaleString('en-GB', { timeZone: 'Africa/Nairobi' }) + ' EAT';
    li.appendChild(head);
    li.appendChild(el('span', 'text', m.text));
    if (m.typed) li.appendChild(el('span', 'typed', '(typed ' + m.typed + ')'));
    return li;
  }

  function contact(c) {
    var facts = $('#c-facts'), docs = $('#c-documents'), earlier = $('#c-earlier');
    facts.textContent = ''; docs.textContent = ''; earlier.textContent = '';
    if (!c) return;
    [['Channel', c.channel, 'channel'], ['Language', languages[c.language] || c.language, 'language'], ['Phone', c.phone || '—', 'phone']].forEach(function (f) {
      facts.appendChild(el('dt', null, f[0])); var dd = el('dd', null, f[1]); dd.dataset.fact = f[2]; facts.appendChild(dd);
    });
    c.documents.forEach(function (d, i) {
      var li = el('li'); li.dataset.index = i;
      li.appendChild(el('span', null, d.type.replace(/_/g, ' ') + ' '));
      li.appendChild(el('span', 'number', d.number));
      li.appendChild(el('span', 'meta', ' · ' + (d.status ? d.status.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'not in the register') + (d.readyOn ? ' since ' + d.readyOn : '')));
      docs.appendChild(li);
    });
    if (!c.documents.length) docs.appendChild(el('li', 'meta', 'None on record.'));
    c.earlier.forEach(function (e) {
      var li = el('li'); li.dataset.reference = e.reference;
      li.textContent = e.reference + ' · ' + e.channel + ' · ' + nairobi(e.createdAt, true) + ' · ' + (e.resolution || e.status) + (e.rating ? ' · rated ' + e.rating + '/5' : '');
      earlier.appendChild(li);
    });
    if (!c.earlier.length) earlier.appendChild(el('li', 'meta', c.phone ? 'None.' : 'No phone number to look up.'));
  }

  function notes(list) {
    var ul = $('#d-notes'); ul.textContent = '';
    list.forEach(function (n) {
      var li = el('li'); li.appendChild(el('span', 'who', n.agent + ' · ' + nairobi(n.at, true))); li.appendChild(el('span', 'text', n.text)); ul.appendChild(li);
    });
  }

  $('#note').onsubmit = function (e) {
    e.preventDefault();
    var text = $('#note-text').value.trim();
    if (!text || !open) return;
    api('POST', '/' + open + '/notes', { text: text }).then(function (list) { $('#note-text').value = ''; notes(list); }).catch(showError);
  };

  $('#reply').onsubmit = function (e) {
    e.preventDefault();
    var text = $('#reply-text').value.trim();
    if (!text || !open) return;
    api('POST', '/' + open + '/reply', { text: text }).then(function () { $('#reply-text').value = ''; refresh(); })
      .catch(showError);
  };
  $('#call').onsubmit = function (e) {
    e.preventDefault();
    if (!open) return;
    api('POST', '/' + open + '/call', { outcome: $('#call-outcome').value, text: $('#call-note').value.trim() })
      .then(function (t) { tickets[t.reference] = t; $('#call-note').value = ''; refresh(); })
      .catch(showError);
  };
  // A canned reply in the citizen's language, for the agent to edit or send as it is.
  $('#canned').onchange = function () {
    var c = canned.filter(function (x) { return x.id === $('#canned').value; })[0];
    var t = open && tickets[open];
    if (c && t) { $('#reply-text').value = t.language === 'sw' ? c.sw : c.en; $('#reply-text').focus(); }
    $('#canned').value = '';
  };
  $('#reply-text').oninput = function () {
    if (!open || Date.now() - typedAt < 3000) return;
    typedAt = Date.now();
    api('POST', '/' + open + '/typing', {}).catch(function () {});
  };
  $('#resolve').onsubmit = function (e) {
    e.preventDefault();
    if (!open) return;
    api('POST', '/' + open + '/resolve', { category: $('#category').value }).then(function (t) { tickets[t.reference] = t; open = null; $('#detail').hidden = true; render(); });
  };
  $('#transfer').onsubmit = function (e) {
    e.preventDefault();
    var to = $('#transfer-to').value.trim();
    if (!open || !to) return;
    api('POST', '/' + open + '/transfer', { to: to }).then(function (t) { tickets[t.reference] = t; open = null; $('#detail').hidden = true; $('#transfer-to').value = ''; render(); })
      .catch(showError);
  };
  $('#release').onclick = function () {
    if (!open) return;
    api('POST', '/' + open + '/release', {}).then(function (t) { tickets[t.reference] = t; open = null; $('#detail').hidden = true; render(); });
  };

  function countWaiting() {
    return fetch('/agents/api/escalations?max=1', { credentials: 'same-origin' }).then(function (r) {
      totalWaiting = parseInt(r.headers.get('X-Total-Count') || '0', 10); render();
    }).catch(function () {});
  }

  // Any change to the queue changes how many wait in all: counted again, at most once a second.
  var recountTimer = null;
  function recount() {
    if (recountTimer) return;
    recountTimer = setTimeout(function () { recountTimer = null; countWaiting(); }, 1000);
  }

  function load() {
    countWaiting();
    return Promise.all([api('GET', ''), api('GET', '?status=claimed')]).then(function (lists) {
      tickets = {};
      lists[0].concat(lists[1]).forEach(function (t) { tickets[t.reference] = t; });
      render();
    });
  }

  // The server closes the feed of an account no longer allowed here (disabled, removed, given another role), and its
  // sign-in is refused from then on. Whenever the feed drops, the sign-in is asked after: refused, the console says so
  // and takes the citizens' tickets off the screen, instead of reconnecting for ever. A network error: keep trying.
  function checkSignedIn(hub) {
    return fetch('/agents/api/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
      if (r.status === 401 || r.status === 403) signedOut(hub);
    }, function () { });
  }

  function signedOut(hub) {
    timers.forEach(clearInterval);
    hub.stop();
    var main = $('#main');
    main.replaceChildren(el('h2', null, 'You are signed out'));
    var why = el('p', null, 'Your account can no longer use the agent console: it was disabled or given another role. ' +
      'Ask an admin if this is a mistake.');
    why.id = 'signed-out'; why.setAttribute('role', 'alert');
    var again = el('a', null, 'Sign in again');
    again.href = '/login?returnUrl=%2Fagents';
    var p = el('p'); p.appendChild(again);
    main.appendChild(why); main.appendChild(p);
    document.title = 'Signed out - ' + baseTitle;
    main.focus();
  }

  fetch('/agents/api/csrf', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (c) {
    csrf = c.token; me = c.name; // #who and Sign out's token come with the page (StaffPage)
    fetch('/agents/api/canned', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (list) {
      canned = list;
      list.forEach(function (x) { var o = el('option', null, x.id.replace(/-/g, ' ')); o.value = x.id; $('#canned').appendChild(o); });
    });
    // WebSockets straight away, without negotiating first: behind a load balancer without sticky sessions
    // (infra/nginx) the negotiation and the connection can land on different hosts, and the second host
    // knows nothing of the first's connection id. One WebSocket stays on the host it reached.
    var hub = new signalR.HubConnectionBuilder()
      .withUrl('/agents/hub', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
      .withAutomaticReconnect().build();
    hub.on('ticket', function (t) {
      // A ticket this console has not seen yet, waiting: new to the agent.
      var before = tickets[t.reference];
      if (!before && t.status === 'open') { markUnread(t.reference); $('#queue-news').textContent = 'New ticket waiting: ' + t.reference + ', ' + t.channel + '.'; }
      // Transferred to this agent: theirs now, and new to them.
      else if (before && t.status === 'claimed' && t.agent === me && before.agent !== me && open !== t.reference) markUnread(t.reference);
      else if (t.status !== 'open' && !(t.status === 'claimed' && t.agent === me)) markRead(t.reference);
      tickets[t.reference] = t; render(); if (t.reference === open) refresh(); recount(); });
    // Only supervisors' consoles are told of SLA breaches.
    hub.on('sla-breach', function (b) {
      var li = el('li', 'ticket sla-late', b.reference + ' (' + b.channel + ') not taken by ' +
        new Date(b.deadline).toLocaleTimeString('en-GB', { timeZone: 'Africa/Nairobi', hour: '2-digit', minute: '2-digit' }));
      li.dataset.reference = b.reference;
      $('#sla-alerts').insertBefore(li, $('#sla-alerts').firstChild);
      $('#sla-box').hidden = false;
    });
    hub.on('offer', function (o) { if (!offers[o.reference]) { beep(); announceOffer(o); } offers[o.reference] = o; renderOffers(); });
    hub.on('offer-withdrawn', function (w) { delete offers[w.reference]; renderOffers(); });
    hub.onreconnecting(function () { $('#live').textContent = 'reconnecting…'; $('#live').className = 'off'; checkSignedIn(hub); });
    hub.onclose(function () { if ($('#live')) { $('#live').textContent = 'disconnected: reload the page'; $('#live').className = 'off'; checkSignedIn(hub); } });
    hub.onreconnected(function () { $('#live').textContent = 'live'; $('#live').className = 'on'; load(); loadOffers(); });
    return hub.start().then(function () {
      // The queue works without presence (its store failing over, say): a failed read leaves the select as it is.
      return call('GET', '/agents/api/presence').then(function (p) { $('#presence').value = p.status; }, function () { });
    }).then(function () {
      $('#live').textContent = 'live'; $('#live').className = 'on';
      return Promise.all([load(), loadOffers()]);
    }).then(function () { document.body.dataset.ready = 'true'; });
  });
  var timers = [
    setInterval(function () { render(); if (open) refresh(); }, 2000),
    setInterval(renderOffers, 1000), // the countdowns
    setInterval(countWaiting, 10000)];
})();
