/* Minzheng — how every htmx request answers the user (one mechanism for every page).

   htmx 2 swaps nothing on a 4xx/5xx answer, so a form that comes back with its
   errors (422) would look like a dead button. The rules, declared once:
   - 422 carrying the posted form: swap it (the errors sit next to their fields).
     A view may answer with the whole page; the form is then picked out of it by
     its id (hx-select on core/_form.html).
   - any other 4xx/5xx, or a 422 without the form: no swap; a message in the
     page's message area (#messages), the server's own words when it gives any.
   - a network failure: a message too.
   Served as a file, not inline, so a strict Content-Security-Policy allows it. */
(function () {
  "use strict";

  var FALLBACK = {
    400: "提交的内容有误，请检查后重试。",
    403: "您的角色无权进行此操作。",
    404: "找不到该记录，或该记录不在您的管辖范围内。",
    405: "该操作方式不被允许，请刷新页面后重试。",
    409: "该记录已被他人修改，请刷新页面后重试。",
    413: "提交的内容过大。",
    422: "提交的内容未通过检查，请刷新页面后重试。",
    429: "操作过于频繁，请稍后再试。",
    500: "系统出错，请稍后再试；如仍有问题请联系系统管理员。",
    503: "系统暂时无法完成此操作，请稍后再试。"
  };

  function messageArea() {
    var area = document.getElementById("messages");
    if (!area) {
      area = document.createElement("div");
      area.id = "messages";
      var main = document.querySelector("main") || document.body;
      main.insertBefore(area, main.firstChild);
    }
    var list = area.querySelector("ul.messages");
    if (!list) {
      list = document.createElement("ul");
      list.className = "messages";
      area.appendChild(list);
    }
    return list;
  }

  function show(text) {
    var item = document.createElement("li");
    item.className = "error";
    item.setAttribute("role", "alert");
    item.textContent = text;
    var list = messageArea();
    list.innerHTML = "";
    list.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  /* The server's words: a short plain-text body, or the element marked
     data-error-message in an HTML error page; otherwise a sentence per status. */
  function messageOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var body = (xhr.responseText || "").trim();
    if (type.indexOf("text/plain") === 0 && body && body.length <= 300) {
      return body;
    }
    if (type.indexOf("text/html") === 0 && body) {
      var doc = new DOMParser().parseFromString(body, "text/html");
      var marked = doc.querySelector("[data-error-message]");
      if (marked && marked.textContent.trim()) {
        return marked.textContent.trim();
      }
    }
    if (FALLBACK[xhr.status]) {
      return FALLBACK[xhr.status];
    }
    return xhr.status >= 500 ? FALLBACK[500] : FALLBACK[400];
  }

  function carriesTheForm(target, body) {
    if (target && target.id) {
      return body.indexOf('id="' + target.id + '"') !== -1;
    }
    return /<form[\s>]/i.test(body) && !/<html[\s>]/i.test(body);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr.status;
    if (status < 400) {
      return;
    }
    if (status === 422 && carriesTheForm(event.detail.target, xhr.responseText || "")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    event.detail.shouldSwap = false;
    event.detail.isError = true;
    show(messageOf(xhr));
  });

  document.addEventListener("htmx:sendError", function () {
    show("无法连接服务器，请检查网络后重试。");
  });

  /* The phone header: the menu folds behind one button (see minzheng.css). */
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest("[data-menu-toggle]") : null;
    if (!toggle) {
      return;
    }
    var bar = toggle.closest(".topbar");
    var open = bar.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
