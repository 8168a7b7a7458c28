/* Huduma 1919 web chat widget: plain JavaScript, no dependencies. Embed with one tag:
 *   <script src="https://HOST/chat/huduma-chat.js" data-domain="https://HOST/v3/directline"
 *           data-token-url="/your-backend/huduma-token" data-lang="sw" data-target="#chat"></script>
 * data-token-url: where your site's backend hands out a Direct Line token (never put the secret in a page);
 *   without it the widget starts a conversation unauthenticated (a host running without DirectLine:Secret).
 * data-target: a container to render into; without it the widget floats in a corner behind a button.
 * data-lang: the page's language (en, sw): the widget's words, and the bot starts in it without asking.
 * The header's × (or Escape) closes the widget to its launcher button; the launcher opens it again.
 * It talks Direct Line 3.0: a WebSocket stream, falling back to polling where WebSockets are blocked. */
(function () {
  'use strict';
  var script = document.currentScript;
  var domain = (script.getAttribute('data-domain') || new URL(script.src).origin + '/v3/directline').replace(/\/$/, '');
  var tokenUrl = script.getAttribute('data-token-url');
  var pageLang = script.getAttribute('data-lang');
  var lang = (pageLang || navigator.language || 'en').slice(0, 2) === 'sw' ? 'sw' : 'en';
  var words = {
    en: { open: 'Chat with Huduma 1919', placeholder: 'Type a message', send: 'Send', connecting: 'Connecting…', failed: 'Could not reach Huduma 1919. Try again later or call 1919.', close: 'Close', typing: 'is typing…', tooLong: 'Not sent: a message can have at most {n} characters.', notSent: 'Not sent. Check your connection and try again.' },
    sw: { open: 'Ongea na Huduma 1919', placeholder: 'Andika ujumbe', send: 'Tuma', connecting: 'Inaunganisha…', failed: 'Hatukuweza kufikia Huduma 1919. Jaribu tena baadaye au piga 1919.', close: 'Funga', typing: 'anaandika…', tooLong: 'Haukutumwa: ujumbe unaweza kuwa na herufi {n} tu.', notSent: 'Haukutumwa. Angalia mtandao wako kisha ujaribu tena.' }
  }[lang];
  // handoff: an agent has (or is about to take) the chat: the citizen's typing is shown to them.
  var state = { token: null, id: null, watermark: null, seen: {}, polling: false, started: false, handoff: false, typedAt: 0 };
  var limit = 2000; // the host's DirectLine:MaxTextLength, as its conversation answer gives it

  var css = '.hc-box{font:15px/1.4 system-ui,sans-serif;border:1px solid #ccc;border-radius:8px;background:#fff;display:flex;flex-direction:column;height:28em;max-height:80vh;width:100%;box-sizing:border-box}' +
    '.hc-log{flex:1;overflow-y:auto;padding:.5em}.hc-msg{margin:.3em 0;padding:.4em .6em;border-radius:8px;max-width:85%;white-space:pre-wrap;overflow-wrap:anywhere}.hc-failed{opacity:.6}.hc-error{color:#b00020;font-size:.9em}' +
    '.hc-bot{background:#eef5ef}.hc-name{display:block;font-size:.8em;color:#0b5d1e;font-weight:600}.hc-typing{color:#666;font-size:.85em;font-style:italic}.hc-user{background:#0b5d1e;color:#fff;margin-left:auto}.hc-status{color:#666;font-size:.9em}' +
    '.hc-actions{display:flex;flex-wrap:wrap;gap:.3em;margin:.3em 0}.hc-actions button{border:1px solid #0b5d1e;background:#fff;color:#0b5d1e;border-radius:1em;padding:.3em .8em;font:inherit}' +
    '.hc-head{display:flex;align-items:center;justify-content:space-between;padding:.4em .6em;background:#0b5d1e;color:#fff;border-radius:8px 8px 0 0;font-weight:600}.hc-close{border:0;background:none;color:#fff;font:1.4em/1 sans-serif;cursor:pointer;padding:0 .2em}' +
    '.hc-count{align-self:center;color:#666;font-size:.8em;padding:0 .4em}' +
    '.hc-form{display:flex;border-top:1px solid #ddd}.hc-form input{flex:1;border:0;padding:.6em;font:inherit;min-width:0}.hc-form button{border:0;background:#0b5d1e;color:#fff;padding:0 1em;font:inherit}' +
    '.hc-float{position:fixed;right:1em;bottom:1em;width:22em;max-width:calc(100vw - 2em);z-index:9999}.hc-launch{position:fixed;right:1em;bottom:1em;z-index:9999;border:0;border-radius:2em;background:#0b5d1e;color:#fff;padding:.8em 1.2em;font:15px system-ui,sans-serif}.hc-inline{position:static}';
  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

  var box = el('div', 'hc-box'), head = el('div', 'hc-head'), closer = el('button', 'hc-close', '×'), log = el('div', 'hc-log'),
    form = el('form', 'hc-form'), input = el('input'), count = el('span', 'hc-count'), send = el('button', null, words.send),
    launch = el('button', 'hc-launch', words.open);
  box.id = 'hc-box'; box.setAttribute('role', 'region'); box.setAttribute('aria-label', words.open);
  head.appendChild(el('span', null, words.open)); head.appendChild(closer);
  closer.type = launch.type = 'button'; closer.setAttribute('aria-label', words.close); closer.title = words.close;
  launch.setAttribute('aria-controls', box.id);
  log.setAttribute('aria-live', 'polite');
  input.placeholder = words.placeholder; input.setAttribute('aria-label', words.placeholder); input.maxLength = limit;
  send.type = 'submit';
  form.appendChild(input); form.appendChild(count); form.appendChild(send);
  box.appendChild(head); box.appendChild(log); box.appendChild(form);
  var status = el('div', 'hc-status', words.connecting);
  log.appendChild(status);

  // Opened by the citizen (an event): the cursor goes to the input; rendered into the page at load: it stays where it is.
  function open(e) { box.style.display = 'flex'; launch.style.display = 'none'; launch.setAttribute('aria-expanded', 'true'); if (e) input.focus(); start(); }
  function close() { box.style.display = 'none'; launch.style.display = ''; launch.setAttribute('aria-expanded', 'false'); launch.focus(); }
  launch.onclick = open; closer.onclick = close;
  box.onkeydown = function (e) { if (e.key === 'Escape') close(); };

  var target = script.getAttribute('data-target');
  if (target) { launch.classList.add('hc-inline'); target = document.querySelector(target); target.appendChild(launch); target.appendChild(box); open(); }
  else {
    box.classList.add('hc-float'); box.style.display = 'none'; launch.setAttribute('aria-expanded', 'false');
    document.body.appendChild(launch); document.body.appendChild(box);
  }

  function request(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    return fetch(domain + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  function start() {
    if (state.started) return;
    state.started = true;
    var token = tokenUrl ? fetch(tokenUrl, { method: 'POST' }).then(function (r) { return r.json(); }) : Promise.resolve({});
    token.then(function (t) { state.token = t.token || null; return request('POST', '/conversations'); })
      .then(function (c) {
        state.token = c.token; state.id = c.conversationId;
        if (c.maxTextLength) input.maxLength = limit = c.maxTextLength;
        status.textContent = '';
        connect(c.streamUrl);
        say(lang === 'sw' ? 'Habari' : 'Hello', null, true); // the bot's first menu
        // Tokens last an hour: refresh well before.
        setInterval(function () { request('POST', '/tokens/refresh').then(function (t) { state.token = t.token; }); }, 15 * 60 * 1000);
      })
      .catch(function () { status.textContent = words.failed; });
  }

  function connect(streamUrl) {
    if (!('WebSocket' in window) || !streamUrl) return poll();
    var socket;
    try { socket = new WebSocket(streamUrl); } catch (e) { return poll(); }
    var opened = false;
    socket.onopen = function () { opened = true; box.setAttribute('data-transport', 'websocket'); };
    socket.onmessage = function (m) { if (m.data) show(JSON.parse(m.data)); };
    socket.onerror = socket.onclose = function () { if (!state.polling) poll(); };
    setTimeout(function () { if (!opened && !state.polling) { try { socket.close(); } catch (e) {} poll(); } }, 4000);
  }

  function poll() {
    if (state.polling) return;
    state.polling = true;
    box.setAttribute('data-transport', 'polling');
    (function next() {
      request('GET', '/conversations/' + encodeURIComponent(state.id) + '/activities' + (state.watermark ? '?watermark=' + state.watermark : ''))
        .then(function (set) { show(set); setTimeout(next, 1500); })
        .catch(function () { setTimeout(next, 5000); });
    })();
  }

  function show(set) {
    if (set.watermark) state.watermark = set.watermark;
    (set.activities || []).forEach(function (a) {
      if (state.seen[a.id]) return;
      state.seen[a.id] = true;
      var mine = a.from && a.from.role === 'user';
      if (a.type === 'event' && a.name === 'handoff.initiate') state.handoff = true;
      if (a.type === 'event' && a.name === 'handoff.status' && a.value && a.value.state === 'completed') state.handoff = false;
      if (a.type === 'typing' && !mine) typing(a.from && a.from.name);
      if (a.type !== 'message') return;
      var pending = mine && a.channelData && document.getElementById('hc-' + a.channelData.clientActivityID);
      if (pending) { pending.removeAttribute('id'); return; }  // our own message, now confirmed
      if (mine && a.channelData && a.channelData.hidden) return;
      var shown = addMessage(a.text || '', mine ? 'hc-user' : 'hc-bot');
      typing(null);
      // An agent speaks in the bot's seat under their own name (once: not over a line that already says it).
      if (!mine && a.from && /^agent:/.test(a.from.id || '') && (a.text || '').indexOf(a.from.name) < 0) shown.insertBefore(el('span', 'hc-name', a.from.name), shown.firstChild);
      var old = log.querySelector('.hc-actions'); if (old) old.remove();
      if (!mine && a.suggestedActions && a.suggestedActions.actions.length) {
        var actions = el('div', 'hc-actions');
        a.suggestedActions.actions.forEach(function (action) {
          var b = el('button', null, action.title);
          b.type = 'button';
          b.onclick = function () { actions.remove(); say(action.value, action.title); };
          actions.appendChild(b);
        });
        log.appendChild(actions);
      }
      log.scrollTop = log.scrollHeight;
    });
  }

  var typingLine = null, typingTimer = null;
  function typing(name) {
    if (typingLine) { typingLine.remove(); typingLine = null; }
    clearTimeout(typingTimer);
    if (!name) return;
    typingLine = log.appendChild(el('div', 'hc-typing', name + ' ' + words.typing));
    typingTimer = setTimeout(function () { typing(null); }, 5000);
    log.scrollTop = log.scrollHeight;
  }

  // While an agent has the chat, tell them the citizen is typing (at most every 3 seconds).
  input.oninput = function () {
    var n = input.value.length;
    count.textContent = n >= limit * 0.8 ? n + '/' + limit : '';
    if (!state.handoff || !state.id || Date.now() - state.typedAt < 3000) return;
    state.typedAt = Date.now();
    request('POST', '/conversations/' + encodeURIComponent(state.id) + '/activities',
      { type: 'typing', from: { id: 'web-' + state.id.slice(0, 8), role: 'user' } }).catch(function () {});
  };

  function addMessage(text, cls) { var m = el('div', 'hc-msg ' + cls, text); log.appendChild(m); return m; }

  // Sends what the citizen typed or tapped; shown at once, confirmed when its echo comes back.
  function say(value, label, hidden) {
    var clientId = 'c' + Date.now() + Math.random().toString(36).slice(2);
    var shown = hidden ? null : addMessage(label || value, 'hc-user');
    if (shown) shown.id = 'hc-' + clientId;
    // lang only when the page chose it: the bot then starts in it instead of asking.
    var activity = { type: 'message', text: value, from: { id: 'web-' + state.id.slice(0, 8), role: 'user' },
      channelData: { clientActivityID: clientId, hidden: !!hidden, lang: pageLang ? lang : undefined } };
    request('POST', '/conversations/' + encodeURIComponent(state.id) + '/activities', activity)
      .then(function () {
        if (state.polling) request('GET', '/conversations/' + encodeURIComponent(state.id) + '/activities' + (state.watermark ? '?watermark=' + state.watermark : '')).then(show);
      })
      .catch(function (e) {
        if (!shown) return;
        shown.classList.add('hc-failed');
        var error = el('div', 'hc-error', /^(400|413)$/.test(e.message) ? words.tooLong.replace('{n}', limit) : words.notSent);
        error.setAttribute('role', 'alert');
        shown.after(error);
      });
    log.scrollTop = log.scrollHeight;
  }

  form.onsubmit = function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !state.id) return;
    input.value = ''; count.textContent = '';
    say(text);
  };
})();
