/* Lessico dei distretti: the self-check quiz (glossary/self-check). The questions are JSON in the
   page (#lx-quiz-data); nothing is fetched, so it works over file:// too. Every text is set with
   textContent, never as HTML. Acts only where the quiz is on the page. */
(function () {
  "use strict";

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }

  function shuffled(n) {
    var a = [];
    for (var i = 0; i < n; i += 1) a.push(i);
    for (var j = n - 1; j > 0; j -= 1) {
      var k = Math.floor(Math.random() * (j + 1));
      var t = a[j]; a[j] = a[k]; a[k] = t;
    }
    return a;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function setup() {
    var form = document.getElementById("lx-quiz");
    var script = document.getElementById("lx-quiz-data");
    if (!form || !script || form.dataset.ready) return;
    form.dataset.ready = "1";
    var data = JSON.parse(script.textContent);
    var L = data.labels;
    var $ = function (id) { return document.getElementById(id); };
    var fieldset = form.querySelector("fieldset");
    var progress = $("lx-quiz-progress"), ask = $("lx-quiz-ask"), prompt = $("lx-quiz-prompt");
    var choices = $("lx-quiz-choices"), check = $("lx-quiz-check"), feedback = $("lx-quiz-feedback");
    var next = $("lx-quiz-next"), restart = $("lx-quiz-restart"), score = $("lx-quiz-score");
    var order = [], pos = 0, right = 0, done = 0, answered = false;

    function current() { return data.questions[order[pos]]; }

    function showScore() { score.textContent = done ? fill(L.quiz_score, {right: right, done: done}) : ""; }

    function show() {
      var q = current();
      answered = false;
      fieldset.hidden = false;
      form.dataset.index = String(order[pos]);  // which question is asked (the tests read it)
      progress.textContent = fill(L.quiz_progress, {i: pos + 1, n: order.length});
      ask.textContent = q.kind === "definition" ? L.quiz_q_definition : L.quiz_q_equivalent;
      prompt.textContent = q.prompt;
      choices.textContent = "";
      q.choices.forEach(function (text, i) {
        var row = el("div", "lx-quiz-choice");
        var input = el("input");
        input.type = "radio"; input.name = "lx-quiz-choice"; input.id = "lx-quiz-c" + i; input.value = String(i);
        var label = el("label", "", text);
        label.htmlFor = input.id;
        if (q.kind === "equivalent") label.lang = data.other_lang;
        row.appendChild(input); row.appendChild(label);
        choices.appendChild(row);
      });
      feedback.textContent = "";
      feedback.className = "lx-quiz-feedback";
      check.hidden = false;
      next.hidden = true;
      showScore();
    }

    function start() {
      order = shuffled(data.questions.length).slice(0, data.round);
      pos = 0; right = 0; done = 0;
      show();
    }

    function mark(i, cls, text) {
      var row = choices.children[i];
      row.classList.add(cls);
      row.querySelector("label").appendChild(el("span", "lx-quiz-mark", " (" + text + ")"));
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (answered) return;
      var chosen = form.querySelector("input[name=lx-quiz-choice]:checked");
      if (!chosen) {
        feedback.textContent = L.quiz_choose;
        choices.querySelector("input").focus();
        return;
      }
      var q = current(), pick = Number(chosen.value), ok = pick === q.answer;
      answered = true; done += 1; if (ok) right += 1;
      choices.querySelectorAll("input").forEach(function (input) { input.disabled = true; });
      mark(q.answer, "lx-quiz-is-right", L.quiz_right_answer);
      if (!ok) mark(pick, "lx-quiz-is-wrong", L.quiz_your_answer);
      feedback.textContent = "";
      feedback.className = "lx-quiz-feedback " + (ok ? "lx-quiz-ok" : "lx-quiz-ko");
      var verdict = el("p", "lx-quiz-verdict", ok ? L.quiz_right : fill(L.quiz_wrong, {answer: q.choices[q.answer]}));
      var link = el("a", "", fill(L.quiz_entry, {term: q.entry}));
      link.href = q.href;
      var p = el("p");
      p.appendChild(link);
      feedback.appendChild(verdict); feedback.appendChild(p);
      check.hidden = true;
      next.textContent = pos + 1 < order.length ? L.quiz_next : L.quiz_result;
      next.hidden = false;
      showScore();
      feedback.focus();  // then Tab: the entry's link, then "next"
    });

    next.addEventListener("click", function () {
      if (pos + 1 < order.length) {
        pos += 1;
        show();
        choices.querySelector("input").focus();
        return;
      }
      fieldset.hidden = true; check.hidden = true; next.hidden = true;
      feedback.className = "lx-quiz-feedback";
      feedback.textContent = "";
      feedback.appendChild(el("p", "lx-quiz-verdict", fill(L.quiz_final, {right: right, n: order.length})));
      score.textContent = "";
      restart.focus();
    });

    restart.addEventListener("click", function () {
      start();
      choices.querySelector("input").focus();
    });

    document.querySelectorAll(".lx-quiz-nojs").forEach(function (p) { p.hidden = true; });
    form.hidden = false;
    start();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
