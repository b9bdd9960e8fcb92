import type { VerifyResponse } from '@koppelbord/contract';
import type { Messages } from '../i18n/messages.ts';

/** The server's re-check of a package: valid or not in words, then every file with its result. */
export function VerifyResult({ result, t }: { result: VerifyResponse; t: Messages }) {
  const a = t.archive;
  return (
    <div className={result.valid ? 'verify verify--valid' : 'verify verify--invalid'}>
      <p role="status">
        <strong>{result.valid ? a.valid : a.invalid}</strong>
      </p>
      <details open={!result.valid}>
        <summary>{a.files}</summary>
        <ul className="verify-files">
          {result.files.map((file) => (
            <li key={file.path} data-result={file.result}>
              <code>{file.path}</code> — {a.fileResults[file.result]}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
