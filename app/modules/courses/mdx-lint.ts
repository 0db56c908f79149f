// The authors' contract, enforced: a remark plugin that walks a lesson's syntax tree during
// compilation and records (1) every departure from the component vocabulary in
// docs/content-authoring.md, with its line, and (2) the facts content:check verifies against the
// rest of the catalogue (LawRef sources, links, images). It never throws: all problems at once.

export const speakers = ["agent", "consumer", "manager", "colleague"] as const;
export type Speaker = (typeof speakers)[number];
export const calloutTypes = ["info", "warning", "law"] as const;
export type CalloutType = (typeof calloutTypes)[number];

type AttributeRule = { required: boolean; values?: readonly string[] };
type ComponentRule = {
  attributes: Record<string, AttributeRule>;
  /** The component must sit directly inside this one. */
  parent?: string;
  /** Self-closing: no children. */
  empty?: boolean;
  /** Children must be plain text. */
  textOnly?: boolean;
  /** Must contain a Markdown list. */
  list?: boolean;
};

export const vocabulary: Record<string, ComponentRule> = {
  Callout: { attributes: { type: { required: true, values: calloutTypes }, title: { required: false } } },
  Scenario: { attributes: { title: { required: true } } },
  Line: { attributes: { speaker: { required: true, values: speakers } }, parent: "Scenario" },
  Reveal: { attributes: { title: { required: false } }, parent: "Scenario" },
  LawRef: { attributes: { source: { required: true }, ref: { required: false } }, empty: true },
  KeyPoints: { attributes: {}, list: true },
  Checklist: { attributes: {}, list: true },
  Term: { attributes: { def: { required: true } }, textOnly: true },
  Deepening: { attributes: { title: { required: true } } },
};

export type LintProblem = { line: number; column: number; message: string; severity: "error" | "warning" };
export type LessonFacts = {
  lawRefs: Array<{ source: string; ref?: string; line: number }>;
  links: Array<{ url: string; line: number }>;
  images: Array<{ url: string; alt: string; line: number }>;
};
export type LintResult = { problems: LintProblem[]; facts: LessonFacts };

type Point = { line: number; column: number };
type Node = {
  type: string;
  name?: string | null;
  value?: unknown;
  depth?: number;
  url?: string;
  alt?: string | null;
  attributes?: Array<{ type: string; name?: string; value?: unknown }>;
  children?: Node[];
  position?: { start: Point; end: Point };
};

/** Walks a lesson's mdast (with MDX nodes) and returns problems and facts. */
export function lintLessonTree(tree: Node): LintResult {
  const problems: LintProblem[] = [];
  const facts: LessonFacts = { lawRefs: [], links: [], images: [] };
  const at = (node: Node) => node.position?.start ?? { line: 1, column: 1 };
  const report = (node: Node, message: string, severity: LintProblem["severity"] = "error") => {
    const { line, column } = at(node);
    problems.push({ line, column, message, severity });
  };

  const visit = (node: Node, ancestors: Node[]) => {
    const parentComponent = [...ancestors].reverse().find((a) => isJsx(a));
    switch (node.type) {
      case "mdxjsEsm":
        // remark-mdx-frontmatter adds a generated `export const frontmatter` (it has no position).
        if (node.position) report(node, "imports and exports are not allowed in lessons");
        return;
      case "mdxFlowExpression":
      case "mdxTextExpression": {
        const code = String(node.value ?? "").trim();
        if (!/^\/\*[\s\S]*\*\/$/.test(code))
          report(node, "expressions in { } are not allowed; write plain text (a literal { must be escaped as \\{)");
        return;
      }
      case "heading":
        if (node.depth === 1)
          report(node, "use ## and ### for headings; the lesson title (#) comes from the front matter");
        break;
      case "link":
        facts.links.push({ url: node.url ?? "", line: at(node).line });
        break;
      case "image":
        facts.images.push({ url: node.url ?? "", alt: node.alt ?? "", line: at(node).line });
        if (!node.alt?.trim()) report(node, "an image needs alternative text: ![what the image shows](…)");
        break;
      case "html":
        report(node, "raw HTML is not allowed in lessons");
        return;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement":
        if (!checkComponent(node, parentComponent)) return;
        break;
    }
    for (const child of node.children ?? []) visit(child, [...ancestors, node]);
  };

  const checkComponent = (node: Node, parentComponent: Node | undefined): boolean => {
    const name = node.name ?? "";
    if (!name) {
      report(node, "fragments <>…</> are not allowed");
      return false;
    }
    const rule = vocabulary[name];
    if (!rule) {
      const hint = /^[a-z]/.test(name) ? "HTML tags are not allowed; use Markdown" : `unknown component <${name}>`;
      report(node, `${hint} (allowed: ${Object.keys(vocabulary).join(", ")})`);
      return false;
    }
    const given = new Map<string, string>();
    for (const attribute of node.attributes ?? []) {
      if (attribute.type !== "mdxJsxAttribute" || !attribute.name) {
        report(node, `<${name}>: spread attributes {…} are not allowed`);
        continue;
      }
      if (!(attribute.name in rule.attributes)) {
        const allowed = Object.keys(rule.attributes);
        report(
          node,
          `<${name}> has no attribute "${attribute.name}"${allowed.length ? ` (allowed: ${allowed.join(", ")})` : ""}`,
        );
        continue;
      }
      if (typeof attribute.value !== "string") {
        report(node, `<${name} ${attribute.name}>: the value must be a plain "double-quoted" string`);
        continue;
      }
      given.set(attribute.name, attribute.value);
    }
    for (const [attribute, attributeRule] of Object.entries(rule.attributes)) {
      const value = given.get(attribute);
      if (value === undefined) {
        if (attributeRule.required) report(node, `<${name}> needs the attribute ${attribute}="…"`);
        continue;
      }
      if (!value.trim()) report(node, `<${name} ${attribute}=""> is empty`);
      else if (attributeRule.values && !attributeRule.values.includes(value)) {
        report(
          node,
          `<${name} ${attribute}="${value}">: must be one of ${attributeRule.values.map((v) => `"${v}"`).join(", ")}`,
        );
      }
    }
    if (rule.parent && parentComponent?.name !== rule.parent)
      report(node, `<${name}> belongs directly inside <${rule.parent}>`);
    const children = (node.children ?? []).filter((c) => !(c.type === "text" && !String(c.value ?? "").trim()));
    if (rule.empty && children.length) report(node, `<${name}> takes no content; write it self-closing: <${name} … />`);
    if (rule.textOnly && children.some((c) => c.type !== "text")) report(node, `<${name}> holds plain text only`);
    if (rule.textOnly && !children.length) report(node, `<${name}> is empty`);
    if (rule.list && !children.some((c) => c.type === "list")) {
      report(node, `<${name}> must contain a Markdown list (leave a blank line after <${name}>)`);
    }
    if (name === "Scenario") {
      const lines = children.filter((c) => isJsx(c) && c.name === "Line").length;
      const reveals = children.filter((c) => isJsx(c) && c.name === "Reveal").length;
      if (!lines) report(node, '<Scenario> needs at least one <Line speaker="…">');
      if (reveals !== 1) report(node, `<Scenario> needs exactly one <Reveal> (found ${reveals})`);
    }
    if (name === "LawRef" && given.get("source")) {
      facts.lawRefs.push({ source: given.get("source")!, ref: given.get("ref"), line: at(node).line });
    }
    return true;
  };

  visit(tree, []);
  return { problems, facts };
}

function isJsx(node: Node | undefined): boolean {
  return node?.type === "mdxJsxFlowElement" || node?.type === "mdxJsxTextElement";
}

/**
 * React reserves the prop name `ref`, so `<LawRef ref="2 kap. 3 §" />` would never reach the
 * component (and a string ref throws). Authors keep writing `ref`; the compiled code says `citation`.
 */
export function renameReservedProps(tree: Node) {
  const walk = (node: Node) => {
    if (isJsx(node) && node.name === "LawRef") {
      for (const attribute of node.attributes ?? [])
        if (attribute.type === "mdxJsxAttribute" && attribute.name === "ref") attribute.name = "citation";
    }
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
}

/** The remark plugin: lints the tree, hands the result to `onResult`, then renames reserved props. */
export function remarkLessonLint(onResult: (result: LintResult) => void) {
  return () => (tree: unknown) => {
    const result = lintLessonTree(tree as Node);
    onResult(result);
    // Stop before esbuild bundles code the vocabulary check already rejected.
    if (result.problems.some((p) => p.severity === "error"))
      throw new Error("the lesson breaks the authors' vocabulary");
    renameReservedProps(tree as Node);
  };
}
