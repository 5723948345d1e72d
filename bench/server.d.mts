/** The one-image JSON body the bench server answers with (bench/server.mjs). */
export declare const IMAGE_RESPONSE: string;
