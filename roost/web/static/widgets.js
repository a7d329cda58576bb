/*
 * Roost's widgets.js: Twitter's embed markup rendered from the Roost server that serves this
 * file, so embedded Tweets and timelines work with no internet.
 *
 * It does what platform.twitter.com/widgets.js did with the markup oEmbed returns:
 *   <blockquote class="twitter-tweet"> ... <a href=".../status/ID">date</a></blockquote>
 *     -> the Tweet's card (data-theme, data-cards="hidden", data-conversation="none",
 *        data-width, data-dnt, data-lang and the tw-align-* classes are honoured);
 *   <a class="twitter-timeline" href=".../SCREEN_NAME/timelines/ID"> (a collection) or
 *   <a class="twitter-timeline" href=".../SCREEN_NAME"> (a profile)
 *     -> the timeline's cards (data-tweet-limit, data-height, data-theme).
 * Cards come as HTML fragments from <origin>/i/embed/status/ID and <origin>/i/embed/timeline,
 * rendered by the same templates as Roost's own pages. A Tweet Roost will not show (deleted,
 * protected) leaves the blockquote as it is, as Twitter's script did.
 * The twttr object of Twitter's script is provided: twttr.ready, twttr.widgets.load,
 * twttr.widgets.createTweet, twttr.widgets.createTimeline, twttr.events.bind("rendered" |
 * "loaded").
 */
(function () {
  "use strict";
  var existing = window.twttr;
  if (existing && existing.__roost) {
    existing.widgets.load();
    return;
  }

  function ownScript() {
    if (document.currentScript) return document.currentScript;
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widgets\.js(\?|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  var script = ownScript();
  var origin = new URL(script && script.src ? script.src : "/", window.location.href).origin;
  var STATUS = /\/(?:status|statuses)\/(\d{1,19})/;
  var TIMELINE = /\/timelines\/(\d{1,19})/;
  var PROFILE = /^https?:\/\/[^\/]+\/([A-Za-z0-9_]{1,15})\/?(?:[?#].*)?$/;
  var handlers = { rendered: [], loaded: [] };

  function emit(type, detail) {
    var list = handlers[type] || [];
    for (var i = 0; i < list.length; i++) {
      try {
        list[i](Object.assign({ type: type }, detail));
      } catch (err) {
        if (window.console) window.console.error(err);
      }
    }
  }

  function stylesheet() {
    if (document.querySelector("link[data-roost-widgets]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = origin + "/static/roost.css";
    link.setAttribute("data-roost-widgets", "");
    (document.head || document.documentElement).appendChild(link);
  }

  function fragment(path, params) {
    var query = new URLSearchParams();
    Object.keys(params).forEach(function (key) {
      if (params[key] !== undefined && params[key] !== null && params[key] !== "") {
        query.set(key, params[key]);
      }
    });
    var url = origin + path + (query.toString() ? "?" + query.toString() : "");
    return fetch(url, { credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .catch(function () {
        return null;
      });
  }

  function tweetIdOf(el) {
    if (el.getAttribute("data-tweet-id")) return el.getAttribute("data-tweet-id");
    var links = el.querySelectorAll("a[href]");
    for (var i = links.length - 1; i >= 0; i--) {
      var m = STATUS.exec(links[i].getAttribute("href"));
      if (m) return m[1];
    }
    return null;
  }

  function alignOf(el) {
    var m = /(?:^|\s)(tw-align-(?:left|right|center))(?:\s|$)/.exec(el.className || "");
    return m ? m[1] : el.getAttribute("data-align") ? "tw-align-" + el.getAttribute("data-align") : "";
  }

  function replace(el, className, html, width) {
    var div = document.createElement("div");
    div.className = className;
    if (width) div.style.maxWidth = width + "px";
    div.innerHTML = html;
    el.parentNode.replaceChild(div, el);
    emit("rendered", { target: div });
    return div;
  }

  function renderTweet(el, id, opts) {
    el.setAttribute("data-roost-widget", "loading");
    return fragment("/i/embed/status/" + id, {
      theme: opts.theme,
      hide_media: opts.cards === "hidden" ? "true" : "",
      hide_thread: opts.conversation === "none" ? "true" : "",
      dnt: opts.dnt,
      lang: opts.lang,
    }).then(function (html) {
      if (html === null) {
        el.setAttribute("data-roost-widget", "unavailable");
        return undefined;
      }
      var css = "twitter-tweet twitter-tweet-rendered " + (opts.align || "");
      return replace(el, css.trim(), html, opts.width);
    });
  }

  function timelineSource(href) {
    var m = TIMELINE.exec(href);
    if (m) return { collection_id: m[1] };
    m = PROFILE.exec(href);
    if (m) return { screen_name: m[1] };
    return null;
  }

  function renderTimeline(el, source, opts) {
    el.setAttribute("data-roost-widget", "loading");
    return fragment(
      "/i/embed/timeline",
      Object.assign({}, source, { limit: opts.tweetLimit, height: opts.height, theme: opts.theme })
    ).then(function (html) {
      if (html === null) {
        el.setAttribute("data-roost-widget", "unavailable");
        return undefined;
      }
      var css = "twitter-timeline twitter-timeline-rendered " + (opts.align || "");
      return replace(el, css.trim(), html, opts.width);
    });
  }

  function tweetOptions(el) {
    return {
      theme: el.getAttribute("data-theme"),
      cards: el.getAttribute("data-cards"),
      conversation: el.getAttribute("data-conversation"),
      width: el.getAttribute("data-width"),
      dnt: el.getAttribute("data-dnt"),
      lang: el.getAttribute("data-lang"),
      align: alignOf(el),
    };
  }

  function load(root) {
    stylesheet();
    root = root || document;
    var pending = [];
    var quotes = root.querySelectorAll("blockquote.twitter-tweet, blockquote.twitter-video");
    Array.prototype.forEach.call(quotes, function (el) {
      if (el.hasAttribute("data-roost-widget")) return;
      var id = tweetIdOf(el);
      if (id) pending.push(renderTweet(el, id, tweetOptions(el)));
    });
    var timelines = root.querySelectorAll("a.twitter-timeline");
    Array.prototype.forEach.call(timelines, function (el) {
      if (el.hasAttribute("data-roost-widget")) return;
      var source = timelineSource(el.href);
      if (!source) return;
      pending.push(
        renderTimeline(el, source, {
          tweetLimit: el.getAttribute("data-tweet-limit"),
          height: el.getAttribute("data-height"),
          theme: el.getAttribute("data-theme"),
          width: el.getAttribute("data-width"),
          align: alignOf(el),
        })
      );
    });
    return Promise.all(pending).then(function (widgets) {
      var made = widgets.filter(Boolean);
      emit("loaded", { widgets: made });
      return made;
    });
  }

  function placeholder(target) {
    var el = document.createElement("div");
    target.appendChild(el);
    return el;
  }

  function createTweet(id, target, options) {
    stylesheet();
    var opts = Object.assign({}, options || {});
    if (opts.align) opts.align = "tw-align-" + opts.align;
    return renderTweet(placeholder(target), String(id), opts);
  }

  function createTimeline(source, target, options) {
    stylesheet();
    var found = null;
    if (typeof source === "string") found = timelineSource(source);
    else if (source && source.sourceType === "collection") found = { collection_id: String(source.id) };
    else if (source && source.sourceType === "profile" && source.screenName)
      found = { screen_name: source.screenName };
    else if (source && source.sourceType === "url") found = timelineSource(source.url);
    if (!found) return Promise.resolve(undefined);
    var opts = Object.assign({}, options || {});
    if (opts.align) opts.align = "tw-align-" + opts.align;
    return renderTimeline(placeholder(target), found, opts);
  }

  var queued = (existing && existing._e) || [];
  var twttr = {
    __roost: true,
    init: true,
    widgets: { load: load, createTweet: createTweet, createTimeline: createTimeline },
    events: {
      bind: function (type, fn) {
        (handlers[type] = handlers[type] || []).push(fn);
      },
    },
    ready: function (fn) {
      fn(twttr);
    },
  };
  window.twttr = twttr;
  queued.forEach(function (fn) {
    fn(twttr);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      load();
    });
  } else {
    load();
  }
})();
