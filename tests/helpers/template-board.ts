import type { BoardLanguage, CreateBoardResponse } from '@koppelbord/contract';

/** A board made from the starter template "Sociale koppelkansen verkennen", as the start page makes one. */
export async function createTemplateBoard(baseUrl: string, title: string, language: BoardLanguage = 'nl'): Promise<CreateBoardResponse> {
  const response = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, template: 'sociale-koppelkansen', language }),
  });
  if (response.status !== 201) throw new Error(`creating a template board failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreateBoardResponse;
}
