// The only module that knows about @vscode/webview-ui-toolkit (deprecated upstream in January
// 2025, pinned at 1.4.0). Everything else builds controls through these helpers, so moving to
// @vscode-elements/elements means rewriting this file alone.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption, vsCodeTextField } from '@vscode/webview-ui-toolkit';

let registered = false;
export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeTextField());
}

export interface Choice {
  value: string;
  label: string;
}

type Handler<T> = (value: T) => void;

export function button(label: string, o: { title?: string; secondary?: boolean; icon?: boolean; onClick: () => void; id?: string }): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = label;
  b.setAttribute('appearance', o.icon ? 'icon' : o.secondary ? 'secondary' : 'primary');
  if (o.title) {
    b.setAttribute('title', o.title);
    b.setAttribute('aria-label', o.title);
  }
  if (o.id) b.id = o.id;
  b.addEventListener('click', () => o.onClick());
  return b;
}

export function dropdown(choices: readonly Choice[], value: string, o: { label: string; id?: string; onChange: Handler<string> }): HTMLElement {
  const d = document.createElement('vscode-dropdown') as HTMLElement & { value: string };
  d.setAttribute('aria-label', o.label);
  d.setAttribute('title', o.label);
  if (o.id) d.id = o.id;
  for (const c of choices) {
    const opt = document.createElement('vscode-option');
    opt.setAttribute('value', c.value);
    opt.textContent = c.label;
    if (c.value === value) opt.setAttribute('selected', '');
    d.appendChild(opt);
  }
  d.addEventListener('change', () => o.onChange(d.value));
  return d;
}

/**
 * A text field that reports its value on Enter or when it loses focus (not on every key).
 * `onEnter` hears every Enter (the field's change event fires only when the text changed), with
 * whether Shift was held.
 */
export function textField(value: string, o: { label: string; placeholder?: string; id?: string; size?: number; title?: string; visibleLabel?: boolean; onChange: Handler<string>; onInput?: Handler<string>; onEnter?: (value: string, shift: boolean) => void }): HTMLElement {
  const f = document.createElement('vscode-text-field') as HTMLElement & { value: string };
  f.setAttribute('value', value);
  f.setAttribute('aria-label', o.label);
  if (o.title) f.setAttribute('title', o.title);
  if (o.placeholder) f.setAttribute('placeholder', o.placeholder);
  if (o.size) f.setAttribute('size', String(o.size));
  if (o.id) f.id = o.id;
  // The toolkit shows the element's text as a label above the field.
  if (o.visibleLabel !== false) f.textContent = o.label;
  else keepAriaLabel(f, o.label);
  // While the user is typing (text changed and not yet committed), setValue leaves the field alone.
  f.addEventListener('input', () => f.setAttribute('data-editing', ''));
  f.addEventListener('change', () => {
    f.removeAttribute('data-editing');
    o.onChange(f.value);
  });
  f.addEventListener('focusout', () => f.removeAttribute('data-editing'));
  if (o.onInput) f.addEventListener('input', () => o.onInput!(f.value));
  if (o.onEnter) {
    f.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      f.removeAttribute('data-editing');
      o.onEnter!(f.value, e.shiftKey);
    });
  }
  return f;
}

/**
 * A field without a visible label: the toolkit replaces the host's aria-label with a bare "Text
 * field" when the element connects (it has no text content), so screen readers announce no
 * name. Put the name back whenever that happens (the toolkit forwards it to its inner <input>).
 */
function keepAriaLabel(f: HTMLElement, label: string): void {
  new MutationObserver(() => {
    if (f.getAttribute('aria-label') !== label) f.setAttribute('aria-label', label);
  }).observe(f, { attributes: true, attributeFilter: ['aria-label'] });
}

export function checkbox(label: string, checked: boolean, o: { title?: string; onChange: Handler<boolean> }): HTMLElement {
  const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  c.textContent = label;
  if (checked) c.setAttribute('checked', '');
  if (o.title) c.setAttribute('title', o.title);
  c.addEventListener('change', () => o.onChange(c.checked));
  return c;
}

/**
 * Sets a toolkit control's value from code (a dropdown or text field); no-op when unchanged, and
 * never under the user's fingers: a text field being typed in keeps its text (a model message
 * that arrives while the user types must not overwrite or eat what was typed).
 */
export function setValue(el: HTMLElement, value: string): void {
  const c = el as HTMLElement & { value: string };
  if (c.value === value) return;
  if (el.hasAttribute('data-editing')) return;
  c.value = value;
}

/** Sets a checkbox's state from code; no-op when unchanged. */
export function setChecked(el: HTMLElement, checked: boolean): void {
  const c = el as HTMLElement & { checked: boolean };
  if (c.checked !== checked) c.checked = checked;
}
