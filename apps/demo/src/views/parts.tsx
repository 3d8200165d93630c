/**
 * Small pieces the pages share: messages, form fields, the hidden CSRF input.
 *
 * @module
 */
import type { ComponentChildren } from 'preact';

/** A message box; `role` makes screen readers announce errors at once. */
export function Message(props: { kind: 'error' | 'notice' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`message message-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** The synchronizer token every form carries (docs/architecture.md §1.9). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export interface FieldProps {
  label: string;
  name: string;
  type?: 'text' | 'password';
  value?: string;
  autocomplete: string;
  hint?: string;
  minLength?: number;
  maxLength?: number;
  autofocus?: boolean;
}

/** A labelled input with an optional hint tied to it by `aria-describedby`. */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const hintId = props.hint === undefined ? undefined : `${id}-hint`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required
        minLength={props.minLength}
        maxLength={props.maxLength}
        autofocus={props.autofocus}
        aria-describedby={hintId}
        spellcheck={false}
        autocapitalize="none"
      />
      {props.hint !== undefined && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}
