/** A form's error that names no field on it; nothing while there is none. */
export function FormError({ message }: { message: string | null }) {
  return message === null ? null : (
    <p class="field-error" role="alert">
      {message}
    </p>
  );
}
