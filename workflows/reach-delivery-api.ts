// What starts a reach delivery (workflows/reach-delivery.ts): IDs only, versioned like every workflow
// input. One workflow ID per delivery and generation: a second start of the same one is refused
// (REJECT_DUPLICATE, even once it closed); a replay raises the generation. No imports: the
// workflow bundle includes this file.

export type ReachDeliveryInput = { version: 1; deliveryId: string; generation: number };

export const reachDeliveryWorkflowId = (deliveryId: string, generation: number) => `reach/${deliveryId}/${generation}`;
