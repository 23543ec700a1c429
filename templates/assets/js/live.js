/*
 * gazette default theme: a live story's page keeps up with its updates.
 * While coverage goes on, the page asks for the JSON file of its updates
 * every 30 seconds (and when the reader comes back to the tab). New updates
 * are not pushed into the text being read: a button says how many there are,
 * and shows them when clicked. Once the file says coverage has ended, the
 * page stops asking. Without this file the page is a plain page of updates.
 */
(function () {
  'use strict';

  var POLL_MS = 30000;
  var section = document.querySelector('.live-blog[data-live-active]');
  if (!section || !window.fetch || !window.JSON) return;
  var list = section.querySelector('.live-updates');
  var notice = section.querySelector('.live-blog-notice');
  if (!list || !notice) return;
  var url = section.getAttribute('data-live-updates');
  var strings = {};
  try {
    strings = JSON.parse(section.getAttribute('data-strings') || '{}');
  } catch (e) {
    strings = {};
  }
  var plurals = null;
  try {
    plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
  } catch (e) {
    plurals = null;
  }

  var known = {};
  Array.prototype.forEach.call(list.children, function (child) {
    if (child.id) known[child.id] = true;
  });
  var pending = []; // new updates not shown yet, newest first
  var timer = 0;
  var stopped = false;
  var asking = false;

  function label(count) {
    var entry = strings.liveNewUpdates;
    if (entry && typeof entry === 'object') entry = entry[plurals ? plurals.select(count) : 'other'] || entry.other;
    return String(entry || '{count}').replace('{count}', String(count));
  }

  function offer() {
    var button = notice.querySelector('button');
    if (pending.length === 0) {
      if (button) notice.removeChild(button);
      return;
    }
    if (!button) {
      button = document.createElement('button');
      button.type = 'button';
      button.className = 'live-blog-show';
      button.addEventListener('click', show);
      notice.appendChild(button);
    }
    button.textContent = label(pending.length);
  }

  function show() {
    var first = null;
    // Newest first: each is put above the ones shown so far, oldest of them first.
    for (var i = pending.length - 1; i >= 0; i--) {
      var holder = document.createElement('div');
      holder.innerHTML = pending[i].html;
      var update = holder.firstElementChild;
      if (!update) continue;
      update.classList.add('live-update-new');
      list.insertBefore(update, list.firstElementChild);
      first = update;
    }
    pending = [];
    offer();
    // Keyboard and screen-reader users land on the newest update, where the button was.
    if (first) {
      first.setAttribute('tabindex', '-1');
      first.focus({ preventScroll: false });
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(ask, POLL_MS);
  }

  function ask() {
    if (stopped || asking) return;
    if (document.visibilityState === 'hidden') return schedule();
    asking = true;
    fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        var fresh = [];
        (data.updates || []).forEach(function (update) {
          if (update && typeof update.id === 'string' && typeof update.html === 'string' && !known[update.id]) {
            known[update.id] = true;
            fresh.push(update);
          }
        });
        pending = fresh.concat(pending);
        offer();
        if (data.live === false) stopped = true;
      })
      .catch(function () {
        /* offline or between deploys: ask again later */
      })
      .then(function () {
        asking = false;
        schedule();
      });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible' && !stopped) ask();
  });
  schedule();
})();
