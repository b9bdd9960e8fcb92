import { useState } from 'react';
import type { Messages } from '../i18n/messages.ts';

/** A read-only link field with a copy button. */
export function CopyLink({ label, link, t }: { label: string; link: string; t: Messages }) {
  const [copied, setCopied] = useState(false);
  return (
    <label className="link">
      {label}
      <span className="row">
        <input readOnly value={link} onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
        >
          {copied ? t.copied : t.copy}
        </button>
      </span>
    </label>
  );
}
