import { useState } from 'react';
import { asApiError } from '../api/queries';
import { useApp } from '../context';
import { useNotify } from '../notify';

/**
 * Downloads one person's subject-access export (a ZIP of a PDF and JSON) and says how it went;
 * the People page and the Data protection page both offer it.
 */
export function useSubjectAccessDownload(): {
  busy: boolean;
  download: (person: { id: string; displayName: string }) => Promise<boolean>;
} {
  const { api } = useApp();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async (person: { id: string; displayName: string }): Promise<boolean> => {
    setBusy(true);
    try {
      await api.download(`/api/people/${person.id}/subject-access.zip`, `subject-access-${person.id}.zip`);
      notify(
        'success',
        `Everything held about ${person.displayName} was downloaded`,
        'Safeguarding content is listed as withheld for the safeguarding lead to review.',
      );
      return true;
    } catch (failure) {
      notify('error', 'The export was not made', asApiError(failure).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}
