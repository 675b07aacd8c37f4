/* Terreau discussions: makes a channel page live.
 *
 * Progressive enhancement only. Without this script the page already shows
 * the history and posts through a plain form. With it:
 * - messages arrive over a WebSocket and are inserted in id order, each id
 *   once (an update replaces the message with the same id);
 * - the form posts over the socket while it is open, and falls back to a
 *   normal form submission when it is not;
 * - every change of a message (post, edit, delete, hide) carries the
 *   channel's next change number, `seq`. The script remembers the number
 *   up to which it holds every change (`lastSeq`, from the page at first).
 *   It asks for every change after it ({"type": "sync", "after": lastSeq})
 *   when it (re)connects, when a frame skips a number (a broadcast was
 *   lost), and when the 20-second ping's pong announces a newer number
 *   (during a Redis outage no frame arrives at all). The server answers
 *   from the database; past 200 changes it says "reload" and the page is
 *   reloaded (or, with a draft in the box, a link offers it). Nothing said
 *   meanwhile is missed, nothing is shown twice (docs/realtime.md);
 * - presence and typing are shown in two small status lines.
 * Close code 4403 means "you may no longer read this channel": no retry.
 * Close code 4401 means "this session no longer signs you in" (signed out,
 * deactivated, new password): no retry either.
 */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root || !root.dataset.live || !("WebSocket" in window)) return;

  var strings = {};
  try {
    strings = JSON.parse(document.getElementById("chat-strings").textContent);
  } catch (e) { /* labels fall back to English below */ }
  function t(key, fallback) { return strings[key] || fallback; }

  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var statusLine = document.getElementById("chat-status");
  var presenceLine = document.getElementById("chat-presence");
  var typingLine = document.getElementById("chat-typing");
  var textarea = form ? form.querySelector("textarea[name=body]") : null;

  var userId = parseInt(root.dataset.userId, 10);
  var channelId = parseInt(root.dataset.channelId, 10);
  var moderator = root.dataset.moderator === "1";
  var editMinutes = parseInt(root.dataset.editMinutes || "15", 10);
  var lastId = parseInt(root.dataset.lastId || "0", 10) || 0; // for read marks
  // Every change up to lastSeq is on the page; highestSeq is the newest number
  // heard of (a frame or a pong), so lastSeq < highestSeq means "sync".
  var lastSeq = parseInt(root.dataset.lastSeq || "0", 10) || 0;
  var highestSeq = lastSeq;
  var syncing = false; // a sync asked and not answered yet
  var stale = false; // "reload" answered while a draft was in the box
  var hasOlder = !!root.querySelector("a[rel=prev]");
  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var pingTimer = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var readSent = 0;
  var readTimer = null;
  var pending = {}; // ref -> text being sent
  var stopped = false;

  log.setAttribute("tabindex", "0");

  function showStatus(text, isError) {
    if (!text) {
      statusLine.hidden = true;
      statusLine.textContent = "";
      return;
    }
    statusLine.hidden = false;
    statusLine.textContent = text;
    statusLine.className = "chat-status" + (isError ? " message message-error" : "");
  }

  // --- Messages ------------------------------------------------------------

  function actionUrl(kind, id) {
    var template = root.dataset["url" + kind.charAt(0).toUpperCase() + kind.slice(1)];
    // ".../messages/0/edit/", or the moderation queue's ".../report/message/0/"
    return template ? template.replace(/\/(messages?)\/0\//, "/$1/" + id + "/") : null;
  }

  function addAction(list, kind, id, label) {
    var url = actionUrl(kind, id);
    if (!url) return;
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = url;
    link.textContent = label;
    item.appendChild(link);
    list.appendChild(item);
  }

  // The portrait placeholder of accounts/avatars.py, drawn with the same
  // rule (initials, hash, palette) for messages that arrive live.
  var AVATAR_PALETTE = ["#2f6b3a", "#1d4325", "#1a5fb4", "#8a3b00", "#6b3fa0",
                        "#005f73", "#7a4e00", "#4a524c", "#9b2c6b", "#35574a"];
  var SVG = "http://www.w3.org/2000/svg";

  function initials(name) {
    var words = String(name).split(/\s+/).map(function (word) {
      return Array.from(word).filter(function (c) { return /\p{L}/u.test(c); }).join("");
    }).filter(Boolean);
    if (!words.length) return "?";
    var first = Array.from(words[0])[0];
    var last = words.length > 1 ? Array.from(words[words.length - 1])[0] : "";
    return (first + last).toUpperCase();
  }

  function avatarColour(name) {
    var h = 0;
    for (var c of String(name)) h = (Math.imul(h, 31) + c.codePointAt(0)) >>> 0;
    return AVATAR_PALETTE[h % AVATAR_PALETTE.length];
  }

  function avatar(name, size) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "avatar");
    svg.setAttribute("width", size);
    svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 40 40");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var disc = document.createElementNS(SVG, "circle");
    disc.setAttribute("cx", "20");
    disc.setAttribute("cy", "20");
    disc.setAttribute("r", "20");
    disc.setAttribute("fill", avatarColour(name));
    var text = document.createElementNS(SVG, "text");
    [["x", "20"], ["y", "20"], ["dy", ".35em"], ["text-anchor", "middle"], ["fill", "#fff"],
     ["font-size", "16"], ["font-weight", "600"], ["font-family", "inherit"]].forEach(function (a) {
      text.setAttribute(a[0], a[1]);
    });
    text.textContent = initials(name);
    svg.appendChild(disc);
    svg.appendChild(text);
    return svg;
  }

  function render(message) {
    var article = document.createElement("article");
    var mine = message.author_id === userId;
    article.className = "chat-message" + (mine ? " mine" : "") + (message.hidden ? " hidden" : "");
    article.id = "message-" + message.id;
    article.dataset.id = message.id;
    article.dataset.seq = message.seq;
    article.setAttribute("aria-labelledby", "message-" + message.id + "-author");

    var header = document.createElement("header");
    header.className = "chat-meta";
    header.appendChild(avatar(message.author || "", 32));
    header.appendChild(document.createTextNode(" "));
    var author = document.createElement("strong");
    author.id = "message-" + message.id + "-author";
    author.textContent = message.author || t("former", "former member");
    header.appendChild(author);
    header.appendChild(document.createTextNode(" "));
    var time = document.createElement("time");
    var created = new Date(message.created);
    time.dateTime = message.created;
    time.textContent = created.toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "short", timeStyle: "short"
    });
    header.appendChild(time);
    if (message.edited && !message.deleted) {
      var flag = document.createElement("span");
      flag.className = "chat-flag";
      flag.textContent = " " + t("edited", "(edited)");
      header.appendChild(flag);
    }
    article.appendChild(header);

    if (message.deleted) {
      var gone = document.createElement("p");
      gone.className = "chat-body chat-removed";
      gone.textContent = t("deleted", "This message was deleted.");
      article.appendChild(gone);
    } else {
      if (message.hidden) {
        var hidden = document.createElement("p");
        hidden.className = "chat-removed";
        hidden.textContent = t("hidden", "A gardener hid this message.") +
          (message.hidden_reason ? " " + t("reason", "Reason:") + " " + message.hidden_reason : "");
        article.appendChild(hidden);
      }
      if (message.html) {
        var body = document.createElement("div");
        body.className = "chat-body";
        // Rendered and escaped by the server (formatting.render_body).
        body.innerHTML = message.html;
        article.appendChild(body);
      }
    }

    if (!message.deleted) {
      var actions = document.createElement("ul");
      actions.className = "chat-actions";
      var young = Date.now() - created.getTime() < editMinutes * 60 * 1000;
      if (mine && young && !message.hidden) addAction(actions, "edit", message.id, t("edit", "Edit"));
      if (mine) addAction(actions, "delete", message.id, t("delete", "Delete"));
      if (!mine) addAction(actions, "report", message.id, t("report", "Report"));
      if (moderator && !message.hidden) addAction(actions, "hide", message.id, t("hide", "Hide"));
      if (actions.children.length) article.appendChild(actions);
    }
    return article;
  }

  function nearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function upsert(message) {
    if (message.channel_id !== channelId) return;
    var existing = document.getElementById("message-" + message.id);
    // Shown already in this state or a later one.
    if (existing && parseInt(existing.dataset.seq || "0", 10) >= message.seq) return;
    var items = log.querySelectorAll("article[data-id]");
    // A change to a message older than this page (edited or deleted meanwhile)
    // stays out of it: the older page shows it when opened.
    if (!existing && hasOlder && items.length && message.id < parseInt(items[0].dataset.id, 10)) return;
    var stick = nearBottom();
    var element = render(message);
    if (existing) {
      existing.replaceWith(element);
    } else {
      var empty = document.getElementById("chat-empty");
      if (empty) empty.remove();
      // Insert in id order: a live message may overtake the sync reply.
      var after = null;
      for (var i = items.length - 1; i >= 0; i--) {
        if (parseInt(items[i].dataset.id, 10) < message.id) { after = items[i]; break; }
      }
      if (after) after.after(element); else log.prepend(element);
    }
    if (message.id > lastId) {
      lastId = message.id;
      markRead();
    }
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function markRead() {
    if (document.hidden || readTimer) return;
    readTimer = setTimeout(function () {
      readTimer = null;
      if (lastId > readSent && send({ type: "read", id: lastId })) readSent = lastId;
    }, 1000);
  }

  // --- Presence and typing ---------------------------------------------------

  function showPresence(online) {
    if (!online) return;
    var names = online.people.map(function (p) { return p.name; });
    var more = (online.count || names.length) - names.length;
    presenceLine.hidden = names.length === 0;
    presenceLine.textContent = t("online", "Online now:") + " " + names.join(", ") +
      (more > 0 ? " " + t("more", "and %(count)s more").replace("%(count)s", more) : "");
  }

  function showTyping(name) {
    typingLine.textContent = t("typing", "%(name)s is typing…").replace("%(name)s", name);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 4000);
  }

  // --- The socket -------------------------------------------------------------

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  // Ask for every change after lastSeq, unless a sync is on its way already.
  function resync() {
    if (syncing || stale) return;
    if (send({ type: "sync", after: lastSeq })) syncing = true;
  }

  // A change heard live: shown at once if it is the next one; a gap (a lost
  // broadcast, or frames overtaking each other) is filled by a sync, which
  // brings this change too, in order.
  function received(message) {
    if (stale) { upsert(message); return; }
    if (message.seq <= lastSeq) return; // held already (this state or a later one)
    highestSeq = Math.max(highestSeq, message.seq);
    if (message.seq === lastSeq + 1) {
      upsert(message);
      lastSeq = message.seq;
    } else {
      resync();
    }
  }

  function synced(frame) {
    syncing = false;
    frame.messages.forEach(function (message) {
      if (message.seq > lastSeq) upsert(message);
    });
    lastSeq = Math.max(lastSeq, frame.last_seq);
    // Something newer was heard while this answer was on its way.
    if (highestSeq > lastSeq) resync();
    highestSeq = Math.max(highestSeq, lastSeq);
  }

  // Too much to catch up over the socket: reload, unless a draft would be
  // lost (or the page was reloaded for this a moment ago): then offer it.
  function reload(frame) {
    syncing = false;
    var draft = (textarea && textarea.value.trim()) || Object.keys(pending).length;
    var key = "terreau-chat-reload-" + channelId;
    var previous = 0;
    try { previous = parseInt(sessionStorage.getItem(key) || "0", 10); } catch (e) { /* private mode */ }
    if (!draft && Date.now() - previous > 60000) {
      try { sessionStorage.setItem(key, String(Date.now())); } catch (e) { /* private mode */ }
      location.reload();
      return;
    }
    stale = true;
    showStatus(frame.message, true);
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.wsPath);
    socket.onopen = function () {
      attempt = 0;
      showStatus("");
      root.dataset.connected = "1";
      syncing = false;
      resync();
      clearInterval(pingTimer);
      pingTimer = setInterval(function () { send({ type: "ping" }); }, 20000);
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      switch (frame.type) {
        case "hello":
          moderator = !!frame.moderator;
          showPresence(frame.presence);
          break;
        case "message":
          received(frame.message);
          break;
        case "sync":
          synced(frame);
          break;
        case "reload":
          reload(frame);
          break;
        case "pong":
          // A broadcast lost on the way (Redis restarting): fetch the gap.
          if (frame.last_seq > lastSeq) {
            highestSeq = Math.max(highestSeq, frame.last_seq);
            resync();
          }
          break;
        case "posted":
          delete pending[frame.ref];
          // Stored, but its broadcast may be lost (Redis away): if it has not
          // come back within a second, fetch it rather than wait for the ping.
          setTimeout(function () {
            if (!document.getElementById("message-" + frame.id)) resync();
          }, 1000);
          break;
        case "presence":
          showPresence(frame);
          break;
        case "typing":
          showTyping(frame.name);
          break;
        case "mention":
          if (frame.message.channel_id !== channelId) {
            showStatus(t("mentioned", "%(name)s mentioned you.").replace("%(name)s", frame.message.author));
          }
          break;
        case "channel":
          if (frame.channel.archived && form) form.hidden = true;
          break;
        case "error":
          syncing = false; // if it answered a sync, the next pong asks again
          showStatus(frame.message, true);
          restorePending();
          break;
      }
    };
    socket.onclose = function (event) {
      root.dataset.connected = "";
      syncing = false;
      clearInterval(pingTimer);
      restorePending();
      if (event.code === 4403) {
        stopped = true;
        showStatus(t("closed", "You can no longer read this channel live. Reload the page."), true);
        return;
      }
      if (event.code === 4401) {
        stopped = true;
        showStatus(t("signed_out", "You are no longer signed in here. Reload the page to sign in again."), true);
        return;
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (stopped || reconnectTimer) return;
    // 1 s, 2 s, 4 s... up to 30 s, with jitter so a restarted server is not
    // hit by every client at the same instant.
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    attempt += 1;
    showStatus(t("offline", "Connection lost; trying again…"));
    reconnectTimer = setTimeout(function () {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  // What was being sent when an error or a disconnection came back to the box.
  function restorePending() {
    var refs = Object.keys(pending);
    if (!refs.length || !textarea) return;
    if (!textarea.value.trim()) textarea.value = pending[refs[refs.length - 1]];
    pending = {};
  }

  // --- The form ----------------------------------------------------------------

  if (form && textarea) {
    form.addEventListener("submit", function (event) {
      var body = textarea.value;
      if (!body.trim()) return; // let the server explain
      var ref = String(Date.now()) + Math.random().toString(16).slice(2, 8);
      if (send({ type: "post", body: body, ref: ref })) {
        event.preventDefault();
        pending[ref] = body;
        textarea.value = "";
        showStatus("");
        textarea.focus();
      } // otherwise: a plain POST, as without JavaScript
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 2500 && send({ type: "typing" })) lastTypingSent = now;
    });
  }

  document.addEventListener("visibilitychange", markRead);
  window.addEventListener("online", function () {
    if (!stopped && (!socket || socket.readyState === WebSocket.CLOSED)) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
      connect();
    }
  });

  showStatus(t("connecting", "Connecting…"));
  log.scrollTop = log.scrollHeight;
  connect();
})();
