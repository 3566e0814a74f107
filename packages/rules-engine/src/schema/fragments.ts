// Schema pieces the rule type modules share; their definitions live in the policy schema's $defs.
export const durationRef = { $ref: "#/$defs/duration" } as const;
export const roleSelectorRef = { $ref: "#/$defs/roleSelector" } as const;
