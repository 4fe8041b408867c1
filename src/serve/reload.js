// coroner serve: live reload and the build-error overlay. Injected only by `coroner serve`.
(function () {
  var base = "__CORONER_BASE__";
  var box = null;
  function show(message) {
    if (!box) {
      box = document.createElement("div");
      box.id = "coroner-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "padding:2rem;background:rgba(24,8,8,.92);color:#fff;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("p");
      title.style.cssText = "font-weight:bold;margin:0 0 1rem";
      title.textContent = "coroner: the site has errors; this is the last good build. " +
        "Fix the file and the page reloads.";
      var text = document.createElement("pre");
      text.style.cssText = "white-space:pre-wrap;margin:0 0 1rem";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.onclick = function () { box.style.display = "none"; };
      box.append(title, text, close);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = message;
    box.style.display = "block";
  }
  // A page loaded while the latest rebuild is broken carries the error with it.
  var pending = document.getElementById("coroner-error");
  if (pending) {
    try { show(JSON.parse(pending.textContent)); } catch (e) { show(pending.textContent); }
  }
  if (!window.EventSource) return;
  var events = new EventSource(base + "__coroner/events");
  events.addEventListener("reload", function () { location.reload(); });
  // Not "error": EventSource fires its own "error" event when the connection drops.
  events.addEventListener("build-error", function (e) { show(JSON.parse(e.data)); });
})();
