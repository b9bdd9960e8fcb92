import { useId, useState } from 'react';
import type { Messages } from '../i18n/messages.ts';

/** A read-only link field with a copy button. */
export function CopyLink({ label, link, t }: { label: string; link: string; t: Messages }) {
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div className="link">
      <label htmlFor={id}>{label}</label>
      <span className="row">
        <input id={id} readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          // Its own name (several links sit side by side), starting with the words it shows.
          aria-label={`${copied ? t.copied : t.copy}: ${label}`}
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
        >
          {copied ? t.copied : t.copy}
        </button>
      </span>
    </div>
  );
}
