// Enterprise and person pickers (qinshang/search/widgets.py). htmx fills a picker's list of
// matches as the user types; here a match clicked, or reached with the arrow keys and taken
// with Enter, becomes the hidden value the form submits, and "Remove" takes it out again.
// Everything is delegated from the document, so pickers swapped in by htmx work too.
(function () {
  "use strict";

  function pickerOf(element) {
    return element.closest("[data-picker]");
  }

  function queryOf(picker) {
    return picker.querySelector(".picker-query");
  }

  function matchesOf(picker) {
    return Array.from(picker.querySelectorAll(".picker-hit"));
  }

  function closeMatches(picker) {
    picker.querySelector(".picker-hits").replaceChildren();
  }

  // Built with textContent, never as markup: a name is text, whatever it holds.
  function chosenItem(picker, pk, name, facts) {
    const item = document.createElement("li");
    item.dataset.pk = pk;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.name;
    input.value = pk;
    const label = document.createElement("span");
    label.className = "picker-name";
    label.textContent = name;
    item.append(input, label);
    if (facts) {
      const small = document.createElement("small");
      small.textContent = facts;
      item.append(" ", small);
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "link picker-remove";
    remove.textContent = picker.dataset.removeLabel;
    item.append(" ", remove);
    return item;
  }

  function choose(match) {
    const picker = pickerOf(match);
    const chosen = picker.querySelector(".picker-chosen");
    const pk = match.dataset.pk;
    if (!picker.hasAttribute("data-multiple")) {
      chosen.replaceChildren();
    }
    const already = Array.from(chosen.children).some((item) => item.dataset.pk === pk);
    if (!already) {
      chosen.append(chosenItem(picker, pk, match.dataset.name, match.dataset.facts));
    }
    const query = queryOf(picker);
    // A search still under way would bring the matches back after the choice.
    if (window.htmx) {
      window.htmx.trigger(query, "htmx:abort");
    }
    query.value = "";
    closeMatches(picker);
    query.focus();
    picker.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function remove(button) {
    const picker = pickerOf(button);
    button.closest("li").remove();
    queryOf(picker).focus();
    picker.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function moveFocus(picker, from, step) {
    const matches = matchesOf(picker);
    const next = matches.indexOf(from) + step;
    if (next < 0) {
      queryOf(picker).focus();
    } else if (next < matches.length) {
      matches[next].focus();
    }
  }

  document.addEventListener("click", function (event) {
    const match = event.target.closest(".picker-hit");
    if (match && pickerOf(match)) {
      event.preventDefault();
      choose(match);
      return;
    }
    const removing = event.target.closest(".picker-remove");
    if (removing && pickerOf(removing)) {
      event.preventDefault();
      remove(removing);
      return;
    }
    document.querySelectorAll("[data-picker]").forEach(function (picker) {
      if (!picker.contains(event.target)) {
        closeMatches(picker);
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    const picker = event.target.closest && pickerOf(event.target);
    if (!picker) {
      return;
    }
    const onQuery = event.target.classList.contains("picker-query");
    const onMatch = event.target.classList.contains("picker-hit");
    if (event.key === "Escape" && (onQuery || onMatch)) {
      closeMatches(picker);
      queryOf(picker).focus();
    } else if (event.key === "ArrowDown" && (onQuery || onMatch)) {
      event.preventDefault();
      moveFocus(picker, onMatch ? event.target : null, 1);
    } else if (event.key === "ArrowUp" && onMatch) {
      event.preventDefault();
      moveFocus(picker, event.target, -1);
    } else if (event.key === "Enter" && onQuery) {
      // Enter in the box takes the first match; it never submits the form half-filled.
      event.preventDefault();
      const first = matchesOf(picker)[0];
      if (first) {
        choose(first);
      }
    }
  });
})();
