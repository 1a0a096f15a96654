// HAL Explorer: walks a HAL API in the browser. One module, in five parts:
//   1. settings   request headers, theme and visited URLs, kept in localStorage
//   2. requests   fetch with the explorer's Accept, timing; URI templates expanded by the service
//   3. response   the right-hand panel: status, headers, problem, the body as foldable JSON
//   4. resource   the left-hand panel: state, links (curie docs inline), pages, forms, embedded
//   5. navigation the current URL lives in the page's fragment, so Back and Forward work
// No library: the page must work from the binary alone.

const body = document.body;
const EXPLORER = body.dataset.explorer;
const ENTRY = body.dataset.entry;
const ACCEPT =
  "application/prs.hal-forms+json, application/hal+json;q=0.9, application/json;q=0.8, application/problem+json;q=0.7";
const HEADERS_KEY = "hal-explorer.headers";
const THEME_KEY = "hal-explorer.theme";
const HISTORY_KEY = "hal-explorer.history";
const HISTORY_SIZE = 30;
const JSON_VALUE = "x-json";
const RESERVED = ["_links", "_embedded", "_templates"];

const resourcePanel = document.getElementById("resource");
const responsePanel = document.getElementById("response");
const address = document.getElementById("address");
const urlInput = document.getElementById("url");

// ---- 1. settings ------------------------------------------------------------------------

const stored = (key, fallback) => {
  try {
    return localStorage.getItem(key) ?? fallback;
  } catch {
    return fallback; // storage refused (private mode): settings last the page's life
  }
};
const store = (key, value) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // As above.
  }
};

/** Headers the service suggests in development (`Explorer::with_suggested_header`). */
const suggested = (() => {
  try {
    const parsed = JSON.parse(body.dataset.suggestedHeaders || "{}");
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
})();

const headersDialog = document.getElementById("headers-dialog");
const headersInput = document.getElementById("headers");
const headersReason = document.getElementById("headers-reason");
let headersText = stored(HEADERS_KEY, "");

function parseHeaders(text) {
  const headers = new Headers();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      try {
        headers.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      } catch {
        // Not a valid header name or value: left out, as a browser would refuse it anyway.
      }
    }
  }
  return headers;
}

function showHeadersCount() {
  const count = [...parseHeaders(headersText).keys()].length;
  document.getElementById("headers-count").textContent = count ? ` (${count})` : "";
}

/** Opens the headers dialog; `wanted` names a header a problem asked for, added (with the
 * value the service suggests in development) when the list lacks it. */
function openHeaders(wanted, reason) {
  let text = headersText;
  if (wanted && !parseHeaders(text).has(wanted)) {
    const value = Object.entries(suggested).find(([name]) => name.toLowerCase() === wanted.toLowerCase())?.[1] ?? "";
    text = `${text.trim() ? `${text.trimEnd()}\n` : ""}${wanted}: ${value}`;
  }
  headersInput.value = text;
  headersReason.hidden = !reason;
  headersReason.textContent = reason ?? "";
  if (!headersDialog.open) headersDialog.showModal();
  headersInput.focus();
  // The cursor after the header to fill in.
  headersInput.setSelectionRange(text.length, text.length);
}

document.getElementById("open-headers").addEventListener("click", () => openHeaders());
document.getElementById("cancel-headers").addEventListener("click", () => headersDialog.close());
document.getElementById("save-headers").addEventListener("click", () => {
  headersText = headersInput.value;
  store(HEADERS_KEY, headersText);
  showHeadersCount();
  headersDialog.close();
  load(current());
});
showHeadersCount();

// Light or dark: the system's choice until the user picks one.
const themeButton = document.getElementById("theme");
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  themeButton.setAttribute("aria-pressed", String(theme === "dark"));
  themeButton.textContent = theme === "dark" ? "Light theme" : "Dark theme";
}
applyTheme(stored(THEME_KEY, matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
themeButton.addEventListener("click", () => {
  const theme = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  store(THEME_KEY, theme);
  applyTheme(theme);
});

// The URLs visited, newest first, offered in the address field and the History dialog.
const historyDialog = document.getElementById("history-dialog");
const historyList = document.getElementById("history");
const readHistory = () => {
  try {
    const list = JSON.parse(stored(HISTORY_KEY, "[]"));
    return Array.isArray(list) ? list.filter((u) => typeof u === "string") : [];
  } catch {
    return [];
  }
};
function remember(url) {
  const list = [url, ...readHistory().filter((u) => u !== url)].slice(0, HISTORY_SIZE);
  store(HISTORY_KEY, JSON.stringify(list));
  showHistory(list);
}
function showHistory(list = readHistory()) {
  document.getElementById("visited").replaceChildren(...list.map((url) => h("option", { value: url })));
  historyList.replaceChildren(
    ...list.map((url) =>
      h("li", {}, h("button", { type: "button", class: "link", onclick: () => { historyDialog.close(); go(url); } }, url)),
    ),
  );
  if (!list.length) historyList.append(h("li", { class: "empty" }, "Nothing yet."));
}
document.getElementById("open-history").addEventListener("click", () => {
  showHistory();
  historyDialog.showModal();
});
document.getElementById("close-history").addEventListener("click", () => historyDialog.close());
document.getElementById("clear-history").addEventListener("click", () => {
  store(HISTORY_KEY, "[]");
  showHistory([]);
});

// ---- 2. requests ------------------------------------------------------------------------

/** Sends a request; resolves to what the page shows of its answer. */
async function send(method, url, requestBody, contentType) {
  const headers = parseHeaders(headersText);
  headers.set("Accept", ACCEPT);
  if (contentType) headers.set("Content-Type", contentType);
  const started = performance.now();
  let response;
  try {
    response = await fetch(url, { method, headers, body: requestBody });
  } catch (error) {
    return { method, url, failure: String(error), elapsed: performance.now() - started };
  }
  const text = await response.text();
  const elapsed = performance.now() - started;
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return {
    method,
    url: response.url || url,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    contentType: response.headers.get("content-type") ?? "",
    location: response.headers.get("location"),
    elapsed,
    json,
    text,
  };
}

const isProblem = (answer) =>
  !answer.failure &&
  answer.json !== null &&
  typeof answer.json === "object" &&
  (answer.contentType.includes("problem+json") || answer.status >= 400);

const expansions = new Map();

/** Expands `template` with `variables` on the service (the same code as its links), once per
 * template and values: a page lists the same curies and templates many times. */
function expand(template, variables = {}) {
  const key = JSON.stringify([template, variables]);
  if (!expansions.has(key)) expansions.set(key, requestExpansion(template, variables));
  return expansions.get(key);
}

async function requestExpansion(template, variables) {
  const response = await fetch(`${EXPLORER}/expand`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ template, variables }),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.detail ?? `cannot expand ${template}`);
  return answer;
}

// ---- 3. response ------------------------------------------------------------------------

/** An element with attributes and children (strings become text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return element;
}

const resolve = (href, base) => new URL(href, base).href;
const asArray = (value) => (Array.isArray(value) ? value : value ? [value] : []);

/** The fragment that shows `url` in the explorer: a path on this origin, else the whole URL. */
function fragmentOf(url) {
  const target = new URL(url, location.href);
  return target.origin === location.origin ? target.pathname + target.search : target.href;
}

function renderResponse(answer) {
  const parts = [h("h2", {}, "Response"), renderStatus(answer)];
  if (answer.failure) {
    parts.push(h("section", { class: "problem", role: "alert" }, h("p", {}, answer.failure)));
  } else if (isProblem(answer)) {
    parts.push(renderProblem(answer.json));
  }
  if (!answer.failure && answer.json !== null) {
    parts.push(h("section", { "aria-label": "Body", class: "body" }, h("h3", {}, "Body"), jsonView(answer.json)));
  } else if (answer.text) {
    parts.push(h("section", { "aria-label": "Body", class: "body" }, h("h3", {}, "Body"), h("pre", {}, answer.text)));
  }
  responsePanel.replaceChildren(...parts);
}

function renderStatus(answer) {
  const line = answer.failure
    ? `${answer.method} ${answer.url}: the request failed`
    : `${answer.method} ${answer.url} → ${answer.status} ${answer.statusText}`;
  const kind = answer.failure || answer.status >= 400 ? "bad" : answer.status >= 300 ? "other" : "good";
  const section = h(
    "section",
    { "aria-label": "Status" },
    h("p", { class: `status ${kind}`, id: "status" }, line),
    h("p", { class: "meta" }, `${Math.round(answer.elapsed)} ms`, answer.contentType ? ` · ${answer.contentType}` : ""),
  );
  if (answer.location) {
    const target = resolve(answer.location, answer.url);
    section.append(h("p", {}, "Location: ", h("button", { type: "button", class: "link", onclick: () => go(target) }, target)));
  }
  if (answer.headers) {
    section.append(
      h(
        "details",
        {},
        h("summary", {}, `Headers (${answer.headers.length})`),
        h(
          "table",
          { class: "headers" },
          h("tbody", {}, answer.headers.map(([name, value]) => h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, value)))),
        ),
      ),
    );
  }
  return section;
}

function renderProblem(problem) {
  const section = h(
    "section",
    { class: "problem", role: "alert", "aria-labelledby": "problem-title" },
    h("h3", { id: "problem-title" }, `${problem.status ?? ""} ${problem.title ?? "Problem"}`.trim()),
    problem.detail ? h("p", {}, String(problem.detail)) : null,
  );
  if (typeof problem.header === "string") {
    section.append(
      h("button", { type: "button", onclick: () => openHeaders(problem.header, problem.detail) }, `Set the ${problem.header} header`),
    );
  }
  return section;
}

/** JSON as text again, coloured by kind and foldable at every object and array; `href`s of
 * links that are not templates can be followed. */
function jsonView(value) {
  return h("div", { class: "json", role: "tree" }, jsonNode(value, null, 0, false));
}

function jsonNode(value, key, depth, templatedParent) {
  const label = key === null ? [] : [h("span", { class: "json-key" }, JSON.stringify(key)), ": "];
  if (value === null || typeof value !== "object") {
    let shown;
    if (key === "href" && typeof value === "string" && !templatedParent) {
      shown = h("a", { class: "json-string json-link", href: `#${fragmentOf(value)}` }, JSON.stringify(value));
    } else {
      const kind = value === null ? "null" : typeof value;
      shown = h("span", { class: `json-${kind}` }, JSON.stringify(value));
    }
    return h("div", { class: "json-line", role: "treeitem" }, ...label, shown);
  }
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [i, v]) : Object.entries(value);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (!entries.length) {
    return h("div", { class: "json-line", role: "treeitem" }, ...label, h("span", { class: "json-punct" }, open + close));
  }
  const templated = !isArray && value.templated === true;
  const noun = isArray ? "item" : "member";
  const count = `${entries.length} ${noun}${entries.length === 1 ? "" : "s"}`;
  const details = h(
    "details",
    { class: "json-fold", role: "treeitem", open: depth < 3 },
    h("summary", {}, ...label, h("span", { class: "json-punct" }, open), h("span", { class: "json-count" }, ` ${count} ${close}`)),
  );
  // Children are built when first opened: a long page stays light.
  const fill = () => {
    if (details.dataset.filled) return;
    details.dataset.filled = "yes";
    const members = h("div", { class: "json-members", role: "group" });
    for (const [name, child] of entries) members.append(jsonNode(child, isArray ? null : name, depth + 1, templated));
    details.append(members, h("div", { class: "json-punct" }, close));
  };
  if (details.open) fill();
  else details.addEventListener("toggle", fill);
  return details;
}

// ---- 4. resource ------------------------------------------------------------------------

/** The answer to a request: the resource on the left, the response on the right. */
function show(answer) {
  renderResponse(answer);
  const resource = !answer.failure && !isProblem(answer) && answer.json && typeof answer.json === "object" && !Array.isArray(answer.json);
  if (resource) {
    resourcePanel.replaceChildren(...renderResource(answer.json, answer.url, true));
  } else {
    const why = answer.failure ? "The request failed." : isProblem(answer) ? "The service answered with a problem: see the response." : "Not a HAL resource: see the response.";
    resourcePanel.replaceChildren(h("h2", {}, "Resource"), h("p", { class: "empty" }, why));
  }
  resourcePanel.focus({ preventScroll: true });
  if (isProblem(answer) && typeof answer.json.header === "string") {
    // The service says which header the request lacks: ask for it now.
    openHeaders(answer.json.header, answer.json.detail);
  }
}

/** A resource: its state, links, paging, forms (the document's own) and embedded resources. */
function renderResource(resource, base, isDocument, inheritedCuries = []) {
  const links = resource._links && typeof resource._links === "object" ? resource._links : {};
  const curies = [...inheritedCuries, ...asArray(links.curies)];
  const self = asArray(links.self)[0]?.href;
  const parts = [];
  if (isDocument) parts.push(h("h2", {}, self ?? "Resource"));
  parts.push(renderState(resource, isDocument), renderLinks(links, base, curies, isDocument));
  if (isDocument) {
    parts.push(renderPaging(links, base));
    parts.push(renderTemplates(resource, base));
  }
  parts.push(renderEmbedded(resource._embedded, base, curies));
  return parts.filter(Boolean);
}

function renderState(resource, isDocument) {
  const members = Object.entries(resource).filter(([name]) => !RESERVED.includes(name));
  const table = members.length
    ? h(
        "table",
        { class: "state" },
        h("tbody", {}, members.map(([name, value]) => h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, renderValue(value))))),
      )
    : h("p", { class: "empty" }, "No state.");
  return h("section", { "aria-label": "State", class: "card" }, h(isDocument ? "h3" : "h4", {}, "State"), table);
}

function renderValue(value) {
  if (value !== null && typeof value === "object") return jsonView(value);
  return h("code", { class: `json-${value === null ? "null" : typeof value}` }, JSON.stringify(value));
}

function renderLinks(links, base, curies, isDocument) {
  const rows = [];
  for (const [rel, value] of Object.entries(links)) {
    if (rel === "curies") continue;
    for (const link of asArray(value)) {
      if (link && typeof link.href === "string") rows.push(renderLink(rel, link, base, curies));
    }
  }
  if (!rows.length) return null;
  return h(
    "section",
    { "aria-label": "Links", class: "card" },
    h(isDocument ? "h3" : "h4", {}, "Links"),
    h("div", { class: "scroll" }, h("table", { class: "links" }, h("tbody", {}, rows))),
  );
}

function renderLink(rel, link, base, curies) {
  const relation = h("th", { scope: "row" }, h("code", {}, rel));
  const colon = rel.indexOf(":");
  const curie = colon > 0 ? curies.find((c) => c && c.name === rel.slice(0, colon)) : null;
  if (curie && typeof curie.href === "string") relation.append(renderDocs(curie.href, rel.slice(colon + 1), base));
  const notes = [link.title, link.name && `(${link.name})`, link.deprecation && "deprecated"].filter(Boolean).join(" ");
  const action = h("td", { class: "action" });
  if (link.templated === true) {
    action.append(renderTemplatedLink(rel, link.href, base));
  } else {
    const target = resolve(link.href, base);
    action.append(h("button", { type: "button", "data-rel": rel, onclick: () => go(target) }, "Follow"));
  }
  return h("tr", {}, relation, h("td", {}, h("code", { class: "href" }, link.href), notes ? h("div", { class: "note" }, notes) : null), action);
}

/** A curie's documentation for one relation, read when opened and shown in place as text. */
function renderDocs(template, reference, base) {
  const content = h("div", { class: "docs-text" }, "Reading…");
  const details = h("details", { class: "rel-docs" }, h("summary", {}, "docs"), content);
  details.addEventListener(
    "toggle",
    async () => {
      try {
        const { href } = await expand(template, { rel: reference });
        const url = resolve(href, base);
        const open = h("a", { href: url, target: "_blank", rel: "noopener" }, "open");
        if (new URL(url).origin !== location.origin) {
          content.replaceChildren("On another site: ", open);
          return;
        }
        const response = await fetch(url, { headers: { Accept: "text/html, text/plain;q=0.9, */*;q=0.1" } });
        const text = await response.text();
        const type = response.headers.get("content-type") ?? "";
        // Text only: the documentation's markup is parsed, never inserted.
        const shown = type.includes("html") ? new DOMParser().parseFromString(text, "text/html").body.textContent : text;
        content.replaceChildren(h("p", {}, (shown ?? "").trim().slice(0, 2000) || "(empty)"), " ", open);
      } catch (error) {
        content.replaceChildren(`Cannot read the documentation: ${error.message}`);
      }
    },
    { once: true },
  );
  return details;
}

/** A templated link as a small form: one input per variable, then the expanded href. */
function renderTemplatedLink(rel, template, base) {
  const form = h("form", { class: "template-vars", "data-rel": rel, "aria-label": `Variables of ${rel}` });
  expand(template)
    .then(({ variables }) => {
      for (const name of variables) {
        form.append(h("label", {}, h("span", {}, name), h("input", { name, type: "text", size: 8 })));
      }
      form.append(h("button", { type: "submit" }, "Follow"));
    })
    .catch((error) => form.append(h("span", {}, String(error.message))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const variables = {};
    for (const input of form.querySelectorAll("input")) {
      if (input.value !== "") variables[input.name] = input.value;
    }
    try {
      const { href } = await expand(template, variables);
      go(resolve(href, base));
    } catch (error) {
      form.append(h("span", { role: "alert" }, String(error.message)));
    }
  });
  return form;
}

function renderPaging(links, base) {
  const names = ["first", "prev", "next", "last"];
  const items = names
    .filter((name) => links[name] && typeof asArray(links[name])[0]?.href === "string")
    .map((name) => {
      const target = resolve(asArray(links[name])[0].href, base);
      return h("li", {}, h("button", { type: "button", "data-page": name, onclick: () => go(target) }, name));
    });
  return items.length ? h("nav", { class: "paging card", "aria-label": "Pages" }, h("h3", {}, "Pages"), h("ul", {}, items)) : null;
}

/** HAL-FORMS templates as HTML forms that send what the template says. */
function renderTemplates(resource, base) {
  const templates = resource._templates;
  if (!templates || typeof templates !== "object") return null;
  const self = asArray(resource._links?.self)[0]?.href;
  const forms = Object.entries(templates).map(([name, template]) => renderForm(name, template, self ?? base, base));
  return h("section", { "aria-label": "Forms", class: "card" }, h("h3", {}, "Forms"), forms);
}

function renderForm(name, template, self, base) {
  const method = (template.method || "GET").toUpperCase();
  const target = resolve(template.target ?? self, base);
  const contentType = template.contentType || "application/json";
  const properties = Array.isArray(template.properties) ? template.properties : [];
  const form = h("form", { "data-template": name, novalidate: true });
  const fields = properties.filter((p) => p && p.name).map((property, index) => renderField(name, property, index));
  const message = h("p", { class: "form-message", role: "alert" });
  form.append(
    h(
      "fieldset",
      {},
      h("legend", {}, template.title ?? name, " ", h("code", {}, `${method} ${new URL(target).pathname}`)),
      fields,
      message,
      h("button", { type: "submit", class: "primary" }, template.title ?? name),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, message);
    let values;
    try {
      values = formValues(form, properties);
    } catch (error) {
      message.textContent = String(error.message);
      return;
    }
    const answer = await submit(method, target, contentType, values);
    if (isProblem(answer) && showFieldErrors(form, message, answer.json)) {
      // The form stays, its fields marked; the problem is on the right.
      renderResponse(answer);
      return;
    }
    show(answer);
  });
  return form;
}

function renderField(formName, property, index) {
  const id = `form-${formName}-${index}`;
  const label = h("label", { for: id, class: property.required ? "required" : null }, property.prompt ?? property.name);
  const common = {
    id,
    name: property.name,
    required: property.required === true,
    readonly: property.readOnly === true,
    placeholder: property.placeholder,
    "data-property": property.name,
  };
  let input;
  const inline = property.options?.inline;
  if (Array.isArray(inline)) {
    const promptField = property.options.promptField ?? "prompt";
    const valueField = property.options.valueField ?? "value";
    const multiple = property.options.maxItems !== 1;
    const selected = asArray(property.options.selectedValues);
    const choices = inline.map((option) => {
      const value = typeof option === "string" ? option : String(option?.[valueField] ?? "");
      const prompt = typeof option === "string" ? option : String(option?.[promptField] ?? value);
      return h("option", { value, selected: selected.includes(value) }, prompt);
    });
    if (!multiple && !property.required) choices.unshift(h("option", { value: "" }, "—"));
    input = h("select", { ...common, multiple, readonly: null, disabled: property.readOnly === true }, choices);
  } else if (property.type === "textarea" || property[JSON_VALUE]) {
    input = h("textarea", { ...common, rows: property.rows ?? 4, cols: property.cols }, property.value ?? "");
  } else {
    input = h("input", {
      ...common,
      type: property.type ?? "text",
      value: property.value,
      pattern: property.regex || null,
      min: property.min,
      max: property.max,
      step: property.step,
      minlength: property.minLength,
      maxlength: property.maxLength,
    });
  }
  const hint = property[JSON_VALUE] ? h("span", { class: "hint" }, " (JSON)") : null;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  return h("div", { class: "field" }, label, hint, input, error);
}

function clearErrors(form, message) {
  message.textContent = "";
  for (const error of form.querySelectorAll(".field-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const field of form.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
  }
}

/** The field a JSON pointer names: the longest prefix of it that is a property path
 * (`/webhook/target` is `webhook.target`; `/triggers/0/value` falls back to `triggers`). */
function fieldAt(form, pointer) {
  if (typeof pointer !== "string" || !pointer.startsWith("/")) return null;
  const names = pointer.slice(1).split("/").map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  for (let length = names.length; length > 0; length--) {
    const path = names.slice(0, length).join(".");
    const field = form.querySelector(`[data-property="${CSS.escape(path)}"]`);
    if (field) return field;
  }
  return null;
}

/** Marks the fields a problem names: `errors: [{pointer, detail}]`, or one `pointer` with the
 * problem's detail. Whether any was found. */
function showFieldErrors(form, message, problem) {
  const errors = Array.isArray(problem.errors)
    ? problem.errors
    : typeof problem.pointer === "string"
      ? [{ pointer: problem.pointer, detail: problem.detail }]
      : [];
  let marked = 0;
  const unplaced = [];
  for (const error of errors) {
    const field = error && fieldAt(form, error.pointer);
    const detail = String(error?.detail ?? error?.message ?? "is not accepted");
    if (!field) {
      unplaced.push(`${error?.pointer ?? ""} ${detail}`.trim());
      continue;
    }
    const note = document.getElementById(`${field.id}-error`);
    note.textContent = note.textContent ? `${note.textContent}; ${detail}` : detail;
    note.hidden = false;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", note.id);
    if (marked++ === 0) field.focus();
  }
  message.textContent = [problem.detail && !marked ? problem.detail : null, ...unplaced].filter(Boolean).join(" · ");
  return marked > 0;
}

/** The values the user gave, by property path, typed as the template says. */
function formValues(form, properties) {
  const values = [];
  for (const property of properties) {
    const field = form.querySelector(`[data-property="${CSS.escape(property.name)}"]`);
    if (!field) continue;
    let value;
    if (field.tagName === "SELECT" && field.multiple) {
      value = [...field.selectedOptions].map((o) => o.value);
      if (!value.length) continue;
    } else {
      value = field.value;
      if (value === "") continue;
    }
    if (property[JSON_VALUE]) {
      try {
        value = Array.isArray(value) ? value.map((v) => JSON.parse(v)) : JSON.parse(value);
      } catch {
        throw new Error(`${property.prompt ?? property.name}: not valid JSON`);
      }
    } else if (property.type === "number" || property.type === "range") {
      value = Number(value);
    }
    values.push([property.name, value]);
  }
  return values;
}

/** Sends a form's values as its template says: JSON or urlencoded body, or a query string. */
function submit(method, target, contentType, values) {
  if (["GET", "HEAD", "DELETE"].includes(method)) {
    const url = new URL(target);
    for (const [name, value] of values) {
      for (const item of asArray(value)) url.searchParams.append(name, String(item));
    }
    return send(method, url.href);
  }
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams();
    for (const [name, value] of values) {
      for (const item of asArray(value)) form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
    return send(method, target, form.toString(), contentType);
  }
  // JSON: a property path (`webhook.target`) is a member of a member.
  const document = {};
  for (const [path, value] of values) {
    const names = path.split(".");
    let at = document;
    for (const name of names.slice(0, -1)) at = at[name] ??= {};
    at[names[names.length - 1]] = value;
  }
  return send(method, target, JSON.stringify(document), contentType);
}

function renderEmbedded(embedded, base, curies) {
  if (!embedded || typeof embedded !== "object") return null;
  const groups = Object.entries(embedded).map(([rel, value]) => {
    const items = asArray(value).map((item, index) => {
      if (!item || typeof item !== "object") return h("p", {}, renderValue(item));
      const self = asArray(item._links?.self)[0]?.href;
      const summary = self ?? `${rel} ${index + 1}`;
      const itemBase = self ? resolve(self, base) : base;
      // Rendered when opened: a page of a hundred items stays light.
      const details = h("details", { class: "embedded" }, h("summary", {}, summary));
      details.addEventListener("toggle", () => details.append(...renderResource(item, itemBase, false, curies)), { once: true });
      return details;
    });
    return h("section", { "aria-label": `Embedded ${rel}` }, h("h4", {}, h("code", {}, rel), ` (${asArray(value).length})`), items);
  });
  return h("section", { "aria-label": "Embedded", class: "card" }, h("h3", {}, "Embedded"), groups);
}

// ---- 5. navigation ----------------------------------------------------------------------

/** Shows `url`, recording it in the fragment (and so in the browser's history). */
function go(url) {
  const fragment = fragmentOf(url);
  if (decodeURIComponent(location.hash.slice(1)) === fragment) load(fragment);
  else location.hash = fragment;
}

function current() {
  return decodeURIComponent(location.hash.slice(1)) || ENTRY;
}

async function load(url) {
  urlInput.value = url;
  const answer = await send("GET", new URL(url, location.href).href);
  if (!answer.failure && answer.status < 400) remember(url);
  show(answer);
}

address.addEventListener("submit", (event) => {
  event.preventDefault();
  go(urlInput.value);
});
window.addEventListener("hashchange", () => load(current()));
showHistory();
load(current());
