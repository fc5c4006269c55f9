import { RpcTarget } from "cloudflare:workers";
import type { AgentMemory } from "../../durable-objects/agent-memory.ts";
import type {
  DeleteMemoryResult,
  GetBlockResult,
  ListMemoryInput,
  ListMemoryResult,
  SaveMemoryInput,
  SaveMemoryResult,
  SearchMemoryInput,
  SearchMemoryResult,
  UpdateBlockInput,
  UpdateBlockResult,
} from "../../durable-objects/agent-memory-rpc.ts";

/**
 * One agent's memory, as the admin worker may use it: what
 * `AdminRpc.agentMemory(agentId)` hands over RPC. Only the memory and block
 * operations; the MCP session bookkeeping stays inside the gateway.
 */
export class AgentMemoryAdmin extends RpcTarget {
  readonly #memory: DurableObjectStub<AgentMemory>;

  constructor(env: Env, agentId: string) {
    super();
    this.#memory = env.AGENT_MEMORY.getByName(agentId);
  }

  async listMemory(input: ListMemoryInput): Promise<ListMemoryResult> {
    return this.#memory.listMemory(input);
  }

  async saveMemory(input: SaveMemoryInput): Promise<SaveMemoryResult> {
    return this.#memory.saveMemory(input);
  }

  async searchMemory(input: SearchMemoryInput): Promise<SearchMemoryResult> {
    return this.#memory.searchMemory(input);
  }

  async deleteMemory(memoryId: string): Promise<DeleteMemoryResult> {
    return this.#memory.deleteMemory(memoryId);
  }

  async getBlock(name: string): Promise<GetBlockResult> {
    return this.#memory.getBlock(name);
  }

  async updateBlock(input: UpdateBlockInput): Promise<UpdateBlockResult> {
    return this.#memory.updateBlock(input);
  }
}
