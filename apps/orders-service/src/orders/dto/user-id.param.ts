import { IsString, Length } from 'class-validator';

export class UserIdParam {
  @IsString()
  @Length(1, 120, { message: 'userId in the path must be 1-120 characters' })
  userId!: string;
}
