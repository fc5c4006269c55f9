/** What every client is asked; the scripted upstream answers it with a call to the client's shell tool. */
export const PROOF_PROMPT = "Run the shell command to print the proof and tell me what it printed";
