// softland: progressive enhancement, a few lines of our own (no library, no build step,
// served from /static/app.js under `script-src 'self'`). On every page, the message after a
// change is announced to screen readers. On the case page:
//
// Without JavaScript every form posts and the server answers with a redirect back to the
// item or section it changed (`?at=item-17#item-17`), where the confirmation is shown. With
// it, the forms of the checklist, the notes and the case's lifecycle are sent in the
// background, the page's content is swapped for the server's answer, the place the
// consultant was working on stays open with the focus on it, and the confirmation (or the
// refusal) is announced. Filters in the address are kept.
(function () {
  "use strict";

  // A live region: screen readers announce what is put into it after the page loaded (a
  // message that is part of the page as it loads is not announced).
  var announcer = document.getElementById("announcer");
  if (!announcer) {
    announcer = document.createElement("div");
    announcer.id = "announcer";
    announcer.className = "visually-hidden";
    announcer.setAttribute("role", "status");
    document.body.appendChild(announcer);
  }

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 100);
  }

  // Every page: the message after a change ("Saved.") is announced.
  var said = document.querySelector(".flash");
  if (said) {
    announce(said.textContent.replace(/\s+/g, " ").trim());
  }

  // File uploads: a progress bar while large files go up (the form posts as before; without
  // JavaScript the browser's own indicator is all there is).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !window.XMLHttpRequest ||
        (form.getAttribute("enctype") || "") !== "multipart/form-data") {
      return;
    }
    var chosen = form.querySelector("input[type=file]");
    if (!chosen || !chosen.files || chosen.files.length === 0) {
      return;
    }
    event.preventDefault();
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Uploading");
    form.appendChild(bar);
    form.querySelectorAll("button").forEach(function (b) {
      b.disabled = true;
    });
    announce("Uploading…");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
      }
    };
    xhr.onload = function () {
      // The page the server answered with: after the redirect when stored (its message
      // included), or the form again with the reason beside the field when refused.
      var stored = xhr.status >= 200 && xhr.status < 300 && xhr.responseURL;
      document.open();
      document.write(xhr.responseText);
      document.close();
      if (stored) {
        window.history.replaceState(null, "", xhr.responseURL);
      }
    };
    xhr.onerror = function () {
      form.submit();
    };
    xhr.send(new FormData(form));
  });

  var page = document.getElementById("case-page");
  if (!page || !window.fetch || !window.DOMParser) {
    return;
  }

  // Opens the chip (and its step) that `id` names, so a link to an item shows it.
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) {
      return null;
    }
    var node = target;
    while (node && node !== document.body) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
      node = node.parentElement;
    }
    var inner = target.querySelector("details");
    if (inner) {
      inner.open = true;
    }
    return target;
  }

  // The current address with `at` set to the place the answer belongs, filters kept.
  function addressAt(anchor) {
    var url = new URL(window.location.href);
    url.searchParams.set("at", anchor);
    url.hash = "";
    return url.toString();
  }

  // The place a form's answer belongs: its chip, or its section.
  function placeOf(form) {
    var holder = form.closest(".chip, section[id]");
    return holder ? holder.id : "";
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("case-page");
    if (!fresh) {
      return false;
    }
    document.title = doc.title;
    page.replaceWith(fresh);
    page = fresh;
    return true;
  }

  function focusPlace(anchor) {
    var summary = document.getElementById("problem");
    if (summary) {
      summary.focus();
      announce(summary.textContent.replace(/\s+/g, " ").trim());
      return;
    }
    var place = reveal(anchor);
    if (!place) {
      return;
    }
    var flash = place.querySelector(".flash");
    var focusable = place.querySelector("summary") || place.querySelector("h2");
    if (focusable) {
      if (!focusable.hasAttribute("tabindex") && focusable.tagName === "H2") {
        focusable.setAttribute("tabindex", "-1");
      }
      focusable.focus();
    }
    if (flash) {
      announce(flash.textContent.trim());
    }
  }

  function send(form, submitter) {
    var anchor = placeOf(form);
    var body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) {
      b.disabled = true;
    });
    page.setAttribute("aria-busy", "true");
    // getAttribute: a control named "action" (the status forms have one) shadows form.action.
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          if (!response.redirected) {
            return { html: html, anchor: anchor };
          }
          // Saved: the redirect brought the page with the answer at the place. When the
          // consultant had the checklist filtered, fetch it as they had it and carry the
          // answer over.
          var at = new URL(response.url).searchParams.get("at") || anchor;
          var here = new URL(window.location.href).searchParams;
          if (!here.has("show") && !here.has("person") && !here.has("history_before")) {
            return { html: html, anchor: at };
          }
          var said = new DOMParser().parseFromString(html, "text/html");
          var flash = said.querySelector(".flash");
          return fetch(addressAt(at), { credentials: "same-origin" })
            .then(function (again) {
              return again.text();
            })
            .then(function (filtered) {
              return { html: filtered, anchor: at, flash: flash ? flash.textContent.trim() : "" };
            });
        });
      })
      .then(function (answer) {
        if (!swap(answer.html)) {
          if (!answer.html.trim()) {
            form.submit();
            return;
          }
          // Not the case page (signed out, an error page): show it as it is.
          document.open();
          document.write(answer.html);
          document.close();
          return;
        }
        if (answer.flash) {
          var place = document.getElementById(answer.anchor);
          var body = place && (place.querySelector(".chip-body") || place);
          if (body && !body.querySelector(".flash")) {
            var p = document.createElement("p");
            p.className = "flash";
            p.textContent = answer.flash;
            body.insertBefore(p, body.firstChild);
          }
        }
        focusPlace(answer.anchor);
        if (!document.getElementById(answer.anchor) && answer.flash) {
          announce(answer.flash);
        }
      })
      .catch(function () {
        // The network failed: fall back to an ordinary post, which shows its own answer.
        form.submit();
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !page.contains(form)) {
      return;
    }
    if ((form.getAttribute("method") || "").toLowerCase() !== "post" || !form.closest(".chip, #notes, #lifecycle, #dates, #checklist")) {
      return;
    }
    event.preventDefault();
    send(form, event.submitter);
  });

  // A link to an item (from "what now", or an address with #item-17) opens it.
  function revealHash() {
    if (window.location.hash.length > 1) {
      var target = reveal(decodeURIComponent(window.location.hash.slice(1)));
      if (target) {
        target.scrollIntoView();
      }
    }
  }
  window.addEventListener("hashchange", revealHash);
  revealHash();
})();
