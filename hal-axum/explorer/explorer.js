// HAL Explorer: walks a HAL API in the browser. One module, in four parts:
//   1. settings   the request headers the user sets, kept in localStorage
//   2. requests   fetch with the explorer's Accept, timing; URI templates expanded by the service
//   3. rendering  status and headers, problem documents, state, links, paging, forms, embedded
//   4. navigation the current URL lives in the page's fragment, so Back and Forward work
// No library: the page must work from the binary alone.

const body = document.body;
const EXPLORER = body.dataset.explorer;
const ENTRY = body.dataset.entry;
const ACCEPT =
  "application/prs.hal-forms+json, application/hal+json;q=0.9, application/json;q=0.8, application/problem+json;q=0.7";
const HEADERS_KEY = "hal-explorer.headers";
const JSON_VALUE = "x-json";
const RESERVED = ["_links", "_embedded", "_templates"];

const main = document.getElementById("response");
const address = document.getElementById("address");
const urlInput = document.getElementById("url");
const headersInput = document.getElementById("headers");

// ---- 1. settings ------------------------------------------------------------------------

headersInput.value = localStorage.getItem(HEADERS_KEY) ?? "";
headersInput.addEventListener("input", () => localStorage.setItem(HEADERS_KEY, headersInput.value));
if (headersInput.value.trim()) {
  document.getElementById("request-headers").open = true;
}

/** The user's headers, from `Name: value` lines. */
function userHeaders() {
  const headers = new Headers();
  for (const line of headersInput.value.split("\n")) {
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

// ---- 2. requests ------------------------------------------------------------------------

/** Sends a request; resolves to what the page shows of its answer. */
async function send(method, url, requestBody, contentType) {
  const headers = userHeaders();
  headers.set("Accept", ACCEPT);
  if (contentType) {
    headers.set("Content-Type", contentType);
  }
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

const expansions = new Map();

/** Expands `template` with `variables` on the service (the same code as its links), once per
 * template and values: a page lists the same curies and templates many times. */
function expand(template, variables = {}) {
  const key = JSON.stringify([template, variables]);
  if (!expansions.has(key)) {
    expansions.set(key, requestExpansion(template, variables));
  }
  return expansions.get(key);
}

async function requestExpansion(template, variables) {
  const response = await fetch(`${EXPLORER}/expand`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ template, variables }),
  });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(answer.detail ?? `cannot expand ${template}`);
  }
  return answer;
}

// ---- 3. rendering -----------------------------------------------------------------------

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

/** The answer to a request, in place of the last one. */
function show(answer) {
  main.replaceChildren(...renderAnswer(answer));
  main.focus();
}

function renderAnswer(answer) {
  const parts = [h("h2", {}, "Response"), renderStatus(answer)];
  if (answer.failure) {
    parts.push(h("section", { class: "problem", role: "alert" }, h("p", {}, answer.failure)));
    return parts;
  }
  const isProblem = answer.contentType.includes("problem+json") || (answer.status >= 400 && answer.json);
  if (isProblem && answer.json && typeof answer.json === "object") {
    parts.push(renderProblem(answer.json));
  } else if (answer.json && typeof answer.json === "object" && !Array.isArray(answer.json)) {
    parts.push(...renderResource(answer.json, answer.url, true));
  } else if (answer.text) {
    parts.push(h("pre", {}, answer.text));
  }
  return parts;
}

function renderStatus(answer) {
  const line = answer.failure
    ? `${answer.method} ${answer.url}: the request failed`
    : `${answer.method} ${answer.url} → ${answer.status} ${answer.statusText}`;
  const timing = `${Math.round(answer.elapsed)} ms`;
  const section = h(
    "section",
    { "aria-label": "Status" },
    h("p", { class: "status", id: "status" }, line),
    h("p", {}, `Time: ${timing}`, answer.contentType ? ` · Content-Type: ${answer.contentType}` : ""),
  );
  if (answer.location) {
    const target = resolve(answer.location, answer.url);
    section.append(h("p", {}, "Location: ", h("button", { type: "button", onclick: () => go(target) }, target)));
  }
  if (answer.headers) {
    section.append(
      h(
        "details",
        {},
        h("summary", {}, "Response headers"),
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Value"))),
          h("tbody", {}, answer.headers.map(([name, value]) => h("tr", {}, h("td", {}, name), h("td", {}, value)))),
        ),
      ),
    );
  }
  return section;
}

function renderProblem(problem) {
  const rows = Object.entries(problem).map(([name, value]) =>
    h("div", {}, h("dt", {}, name), h("dd", {}, typeof value === "object" ? JSON.stringify(value) : String(value))),
  );
  return h(
    "section",
    { class: "problem", role: "alert", "aria-labelledby": "problem-title" },
    h("h2", { id: "problem-title" }, `Error: ${problem.title ?? "problem"}`),
    problem.detail ? h("p", {}, problem.detail) : null,
    h("dl", {}, rows),
  );
}

/** A resource: its state, links, paging, forms (the document's own) and embedded resources. */
function renderResource(resource, base, isDocument, inheritedCuries = []) {
  const links = resource._links && typeof resource._links === "object" ? resource._links : {};
  const curies = [...inheritedCuries, ...asArray(links.curies)];
  const parts = [renderState(resource, isDocument), renderLinks(links, base, curies)];
  if (isDocument) {
    parts.push(renderPaging(links, base));
    parts.push(renderTemplates(resource, base));
  }
  parts.push(renderEmbedded(resource._embedded, base, curies));
  return parts.filter(Boolean);
}

const asArray = (value) => (Array.isArray(value) ? value : value ? [value] : []);

function renderState(resource, isDocument) {
  const members = Object.entries(resource).filter(([name]) => !RESERVED.includes(name));
  const table = members.length
    ? h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Property"), h("th", { scope: "col" }, "Value"))),
        h(
          "tbody",
          {},
          members.map(([name, value]) =>
            h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, renderValue(value))),
          ),
        ),
      )
    : h("p", { class: "empty" }, "No state.");
  const section = h("section", { "aria-label": "State" }, h(isDocument ? "h2" : "h3", {}, "State"), table);
  if (isDocument) {
    section.append(h("details", {}, h("summary", {}, "JSON"), h("pre", {}, JSON.stringify(resource, null, 2))));
  }
  return section;
}

function renderValue(value) {
  if (value !== null && typeof value === "object") {
    return h("pre", {}, JSON.stringify(value, null, 2));
  }
  return h("code", {}, JSON.stringify(value));
}

function renderLinks(links, base, curies) {
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
    { "aria-label": "Links" },
    h("h2", {}, "Links"),
    h(
      "table",
      { class: "links" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Relation"),
          h("th", { scope: "col" }, "Title"),
          h("th", { scope: "col" }, "Href"),
          h("th", { scope: "col" }, "Follow"),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

function renderLink(rel, link, base, curies) {
  const relation = h("td", {}, h("code", {}, rel));
  const colon = rel.indexOf(":");
  const curie = colon > 0 ? curies.find((c) => c && c.name === rel.slice(0, colon)) : null;
  if (curie && typeof curie.href === "string") {
    // The documentation link of a CURIE: the curie's template with the reference as `rel`.
    expand(curie.href, { rel: rel.slice(colon + 1) })
      .then(({ href }) => relation.append(" ", h("a", { href: resolve(href, base), target: "_blank" }, "docs")))
      .catch(() => {});
  }
  const title = [link.title, link.name && `(${link.name})`, link.deprecation && "deprecated"].filter(Boolean).join(" ");
  const action = h("td", {});
  if (link.templated === true) {
    action.append(renderTemplatedLink(rel, link.href, base));
  } else {
    const target = resolve(link.href, base);
    action.append(h("button", { type: "button", "data-rel": rel, onclick: () => go(target) }, `Follow ${rel}`));
  }
  return h("tr", {}, relation, h("td", {}, title), h("td", {}, h("code", {}, link.href)), action);
}

/** A templated link as a small form: one input per variable, then the expanded href. */
function renderTemplatedLink(rel, template, base) {
  const form = h("form", { class: "template-vars", "data-rel": rel, "aria-label": `Variables of ${rel}` });
  expand(template)
    .then(({ variables }) => {
      for (const name of variables) {
        form.append(h("label", {}, name, " ", h("input", { name, type: "text", size: 10 })));
      }
      form.append(h("button", { type: "submit" }, `Follow ${rel}`));
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
  return items.length ? h("nav", { class: "paging", "aria-label": "Pages" }, h("h2", {}, "Pages"), h("ul", {}, items)) : null;
}

/** HAL-FORMS templates as HTML forms that send what the template says. */
function renderTemplates(resource, base) {
  const templates = resource._templates;
  if (!templates || typeof templates !== "object") return null;
  const self = asArray(resource._links?.self)[0]?.href;
  const forms = Object.entries(templates).map(([name, template]) => renderForm(name, template, self ?? base, base));
  return h("section", { "aria-label": "Forms" }, h("h2", {}, "Forms"), forms);
}

function renderForm(name, template, self, base) {
  const method = (template.method || "GET").toUpperCase();
  const target = resolve(template.target ?? self, base);
  const contentType = template.contentType || "application/json";
  const properties = Array.isArray(template.properties) ? template.properties : [];
  const form = h("form", { "data-template": name });
  const fields = properties.filter((p) => p && p.name).map((property, index) => renderField(name, property, index));
  const message = h("p", { role: "alert" });
  form.append(
    h(
      "fieldset",
      {},
      h("legend", {}, `${template.title ?? name}: ${method} ${target}`),
      fields,
      message,
      h("button", { type: "submit" }, template.title ?? name),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    let values;
    try {
      values = formValues(form, properties);
    } catch (error) {
      message.textContent = String(error.message);
      return;
    }
    show(await submit(method, target, contentType, values));
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
  return h("div", {}, label, hint, input);
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
      details.addEventListener(
        "toggle",
        () => details.append(...renderResource(item, itemBase, false, curies)),
        { once: true },
      );
      return details;
    });
    return h("section", { "aria-label": `Embedded ${rel}` }, h("h3", {}, `${rel} (${asArray(value).length})`), items);
  });
  return h("section", { "aria-label": "Embedded" }, h("h2", {}, "Embedded"), groups);
}

// ---- 4. navigation ----------------------------------------------------------------------

/** Shows `url`, recording it in the fragment (and so in the history). */
function go(url) {
  const relative = new URL(url, location.href);
  const fragment = relative.origin === location.origin ? relative.pathname + relative.search : relative.href;
  if (decodeURIComponent(location.hash.slice(1)) === fragment) load(fragment);
  else location.hash = fragment;
}

function current() {
  return decodeURIComponent(location.hash.slice(1)) || ENTRY;
}

async function load(url) {
  urlInput.value = url;
  show(await send("GET", new URL(url, location.href).href));
}

address.addEventListener("submit", (event) => {
  event.preventDefault();
  go(urlInput.value);
});
window.addEventListener("hashchange", () => load(current()));
load(current());
